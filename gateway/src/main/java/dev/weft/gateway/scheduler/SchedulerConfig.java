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
 * @param maxEventAttempts how often an event's handling, or a submission the chain refuses for a reason
 *                     retrying cannot cure (TOO_LARGE, BAD_REQUEST, FORBIDDEN), is tried before it goes to
 *                     the dead-letter list
 * @param antiEntropy  how often the organisation's pending work on chain is compared with the task list
 *                     (issue 8); zero turns it off
 */
public record SchedulerConfig(String mspId, int workers, long startBlock, RecoveryMode recovery,
        Duration retryDelay, Duration enginePoll, int maxEventAttempts, Duration antiEntropy) {

    /** How often anti-entropy runs unless told otherwise. */
    public static final Duration DEFAULT_ANTI_ENTROPY = Duration.ofSeconds(30);

    /** S0.4: how historical (recovered) and current (new) work are ordered after a restart. */
    public enum RecoveryMode { PARALLEL, HISTORICAL_FIRST }

    public SchedulerConfig {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(antiEntropy, "antiEntropy");
        if (maxEventAttempts < 1) {
            throw new IllegalArgumentException("maxEventAttempts must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    public static SchedulerConfig defaults(String mspId) {
        return new SchedulerConfig(mspId, 16, 0, RecoveryMode.PARALLEL, Duration.ofMillis(500),
                Duration.ofSeconds(2), 5, DEFAULT_ANTI_ENTROPY);
    }
}
