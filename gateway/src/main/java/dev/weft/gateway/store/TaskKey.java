package dev.weft.gateway.store;

import java.util.Objects;

/**
 * The key of every entry in the store: one attempt of one subtask of one task.
 *
 * <pre>{@code
 * TaskKey key = new TaskKey("task-7f3a", "extract", 0);
 * store.task(key).ifPresent(entry -> ...);
 * }</pre>
 */
public record TaskKey(String taskId, String subtaskId, int attempt) {
    public TaskKey {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(subtaskId, "subtaskId");
        if (taskId.isBlank() || subtaskId.isBlank()) {
            throw new IllegalArgumentException("taskId and subtaskId must not be blank");
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
    }

    @Override
    public String toString() {
        return taskId + "/" + subtaskId + "#" + attempt;
    }
}
