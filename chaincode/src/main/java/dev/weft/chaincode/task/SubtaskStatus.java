package dev.weft.chaincode.task;

/**
 * A subtask's state within one task instance: PENDING while a dependency is
 * incomplete, READY while its participants work on the current attempt,
 * COMPLETED once all of them returned the same digest, FAILED on a reported
 * failure, a timeout or a disagreement (until retried, which makes it READY at
 * the next attempt).
 */
public enum SubtaskStatus {
    PENDING,
    READY,
    COMPLETED,
    FAILED
}
