package dev.weft.chaincode.task;

/**
 * A task instance's state. RUNNING until every subtask completes (COMPLETED) or
 * any subtask fails (FAILED); a retry returns a FAILED task to RUNNING once none
 * of its subtasks is still failed.
 */
public enum TaskStatus {
    RUNNING,
    COMPLETED,
    FAILED
}
