package dev.weft.gateway.store;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One entry of the task list (S0.1): a subtask attempt this gateway took from the
 * chain and whose result has not yet been confirmed on chain. It carries the ready
 * subtask as the chain announced it, as one serialized value (a
 * {@code weft.task.v1.ReadySubtask}: what a unit needs to run it again after a
 * restart), and its first-send / resend flag (S0.8). The store does not read the
 * subtask; the scheduler does. Times are kept to the millisecond.
 *
 * <pre>{@code
 * TaskEntry entry = TaskEntry.taken(new TaskKey(taskId, subtaskId, attempt), ready.toByteString(),
 *         event.getBlockNumber(), Instant.now());
 * store.recordTasks(List.of(entry), event);
 * }</pre>
 *
 * @param subtask the serialized ready subtask
 * @param blockNumber the block of the chaincode event it was taken from
 */
public record TaskEntry(
        TaskKey key,
        ByteString subtask,
        SendMode sendMode,
        long blockNumber,
        Instant createdAt,
        Instant updatedAt) {

    public TaskEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(subtask, "subtask");
        Objects.requireNonNull(sendMode, "sendMode");
        if (blockNumber < 0) {
            throw new IllegalArgumentException("blockNumber must not be negative: " + blockNumber);
        }
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        updatedAt = Objects.requireNonNull(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** A freshly taken entry: first-send flag. */
    public static TaskEntry taken(TaskKey key, ByteString subtask, long blockNumber, Instant now) {
        return new TaskEntry(key, subtask, SendMode.FIRST_SEND, blockNumber, now, now);
    }
}
