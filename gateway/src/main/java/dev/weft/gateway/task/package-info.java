/**
 * Task instances as the {@code weft task} commands see them (S1.1–S1.5): the
 * {@code task} contract's calls ({@link dev.weft.gateway.task.TaskLedger}), a
 * task's state ({@link dev.weft.gateway.task.TaskSnapshot}), following a task
 * until it ends ({@link dev.weft.gateway.task.TaskWatcher}), and its views:
 * text tables ({@link dev.weft.gateway.task.TaskTables}) and the subtask DAG as
 * Mermaid or DOT ({@link dev.weft.gateway.task.TaskGraph}).
 */
package dev.weft.gateway.task;
