/**
 * The {@code task} contract: off-chain compute task types as DAGs of subtasks
 * with participant organisations (S1.1), task instances (S1.2), one
 * {@code weft.task} event per transaction announcing ready subtasks (S1.3, S1.8),
 * and results returned by participants that advance the DAG (S1.5).
 *
 * <p>Entry points: {@link dev.weft.chaincode.task.TaskContract} for
 * transactions, {@link dev.weft.chaincode.task.TaskRegistry#register} for
 * contracts (governance) that register definitions on a caller's behalf.
 */
package dev.weft.chaincode.task;
