package dev.weft.chaincode.task;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A task instance (S1.2), stored under {@code weft.task/<taskId>}. Its ID is the
 * creating transaction's ID; it belongs to the creating identity. The record is
 * rewritten only when the task's status changes, so results that merely advance
 * a subtask never touch it.
 *
 * @param owner      the creator's qualified identity ({@code Org1MSP/x509::…})
 * @param parameters the creator's parameters (they override the definition's)
 * @param subtasks   the subtask names in definition order
 */
public record Task(String taskId, String definitionId, String owner, String ownerMsp,
        SortedMap<String, String> parameters, List<String> subtasks, TaskStatus status,
        String createdAt, String updatedAt) {

    public Task {
        parameters = parameters == null ? new TreeMap<>() : new TreeMap<>(parameters);
        subtasks = List.copyOf(subtasks);
    }

    Task withStatus(TaskStatus next, Instant at) {
        return new Task(taskId, definitionId, owner, ownerMsp, parameters, subtasks, next, createdAt, at.toString());
    }
}
