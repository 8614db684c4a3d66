/**
 * The {@code task} contract: off-chain compute task types as DAGs of subtasks
 * with participant organisations (S1.1) that every participant approves before
 * tasks of them start, with the parameters a creator may set declared (issue 9
 * items 1, 2: {@code DefinitionApprovals},
 * {@link dev.weft.chaincode.task.ParameterSpec}), task instances (S1.2), one
 * {@code weft.task} event per transaction announcing ready subtasks (S1.3, S1.8),
 * and results returned by participants that advance the DAG (S1.5).
 *
 * <p>Entry points: {@link dev.weft.chaincode.task.TaskContract} for
 * transactions, {@link dev.weft.chaincode.task.TaskRegistry#register} for
 * contracts (governance) that register definitions on a caller's behalf.
 */
package dev.weft.chaincode.task;
