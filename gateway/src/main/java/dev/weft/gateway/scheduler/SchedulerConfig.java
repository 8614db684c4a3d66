package dev.weft.gateway.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How a gateway schedules its organisation's subtasks.
 *
 * @param mspId        the organisation whose subtasks this gateway runs
 * @param workers      subtasks executed and submitted concurrently
 * @param startBlock   where the event stream starts when the store has no checkpoint yet
 * @param recovery     S0.4: recovered (historical) work in parallel with new work, or first
 * @param retryDelay   pause before a subtask that could not be dispatched or submitted is tried again
 * @param enginePoll   how often engine health is polled (S0.7 pull)
 * @param maxEventAttempts how often an event's handling is tried before it goes to the dead-letter list
 */
public record SchedulerConfig(String mspId, int workers, long startBlock, RecoveryMode recovery,
        Duration retryDelay, Duration enginePoll, int maxEventAttempts) {

    /** S0.4: how historical (recovered) and current (new) work are ordered after a restart. */
    public enum RecoveryMode { PARALLEL, HISTORICAL_FIRST }

    public SchedulerConfig {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(recovery, "recovery");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    public static SchedulerConfig defaults(String mspId) {
        return new SchedulerConfig(mspId, 16, 0, RecoveryMode.PARALLEL, Duration.ofMillis(500),
                Duration.ofSeconds(2), 5);
    }
}
