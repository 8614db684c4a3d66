package dev.weft.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One entry of the task list (S0.1): a subtask attempt this gateway took from the
 * chain and whose result has not yet been confirmed on chain. It carries what a
 * unit needs to run it again after a restart, its first-send / resend flag (S0.8),
 * and the engine and unit it was last sent to. Times are kept to the millisecond.
 *
 * <pre>{@code
 * TaskEntry entry = TaskEntry.taken(new TaskKey(taskId, subtaskId, attempt), "sum",
 *         parametersJson, inputsJson, participantsJson, event.getBlockNumber(), Instant.now());
 * store.recordTasks(List.of(entry), event);
 * }</pre>
 *
 * @param engine the engine framework it was sent to, or {@code null} before the first dispatch
 * @param unit the compute unit it was sent to, or {@code null} before the first dispatch
 * @param blockNumber the block of the chaincode event it was taken from
 */
public record TaskEntry(
        TaskKey key,
        String operation,
        String parametersJson,
        String inputsJson,
        String participantsJson,
        SendMode sendMode,
        TaskState state,
        String engine,
        String unit,
        long blockNumber,
        Instant createdAt,
        Instant updatedAt,
        boolean collaborative) {

    public TaskEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(parametersJson, "parametersJson");
        Objects.requireNonNull(inputsJson, "inputsJson");
        Objects.requireNonNull(participantsJson, "participantsJson");
        Objects.requireNonNull(sendMode, "sendMode");
        Objects.requireNonNull(state, "state");
        if (blockNumber < 0) {
            throw new IllegalArgumentException("blockNumber must not be negative: " + blockNumber);
        }
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        updatedAt = Objects.requireNonNull(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** An entry of a subtask that is not collaborative. */
    public TaskEntry(TaskKey key, String operation, String parametersJson, String inputsJson, String participantsJson,
            SendMode sendMode, TaskState state, String engine, String unit, long blockNumber, Instant createdAt,
            Instant updatedAt) {
        this(key, operation, parametersJson, inputsJson, participantsJson, sendMode, state, engine, unit, blockNumber,
                createdAt, updatedAt, false);
    }

    /** This entry for a collaborative subtask (S1.10) when {@code flag} is set. */
    public TaskEntry collaborative(boolean flag) {
        return new TaskEntry(key, operation, parametersJson, inputsJson, participantsJson, sendMode, state, engine,
                unit, blockNumber, createdAt, updatedAt, flag);
    }

    /** A freshly taken entry: first-send flag, not yet dispatched. */
    public static TaskEntry taken(TaskKey key, String operation, String parametersJson, String inputsJson,
            String participantsJson, long blockNumber, Instant now) {
        return new TaskEntry(key, operation, parametersJson, inputsJson, participantsJson, SendMode.FIRST_SEND,
                TaskState.TAKEN, null, null, blockNumber, now, now);
    }
}
