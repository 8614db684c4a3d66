package dev.weft.gateway.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How a gateway schedules its organisation's subtasks.
 *
 * @param mspId        the organisation whose subtasks this gateway runs
 * @param workers      subtasks executed and submitted concurrently
 * @param recovery     S0.4: recovered (historical) work in parallel with new work, or first
 * @param retryDelay   pause before a subtask that could not be dispatched or submitted is tried again
 * @param enginePoll   how often engine health is polled (S0.7 pull)
 * @param maxEventAttempts how often an event's handling, or a submission the chain refuses for a reason
 *                     retrying cannot cure (TOO_LARGE, BAD_REQUEST, FORBIDDEN), is tried before it goes to
 *                     the dead-letter list
 * @param antiEntropy  how often the organisation's pending work on chain is compared with the task list
 *                     (issue 8); zero turns it off
 * @param maxBatch     most results and failure reports sent in one {@code task:SubmitResults} transaction
 *                     (issue 16); 1 sends each in its own {@code task:SubmitResult}/{@code task:ReportFailure}
 * @param batchesInFlight how many batches may be in flight at once; entries gather while all are
 * @param routeSeal    how often the closed hours of every route's call statistics are sealed into one
 *                     summary each ({@code route:SealHours}, issue 16); zero turns it off
 *
 * <pre>{@code
 * SchedulerConfig config = SchedulerConfig.builder("Org1MSP").workers(64).build();
 * }</pre>
 */
public record SchedulerConfig(String mspId, int workers, RecoveryMode recovery,
        Duration retryDelay, Duration enginePoll, int maxEventAttempts, Duration antiEntropy, int maxBatch,
        int batchesInFlight, Duration routeSeal) {

    /** How often anti-entropy runs unless told otherwise. */
    public static final Duration DEFAULT_ANTI_ENTROPY = Duration.ofSeconds(30);
    /** How often route statistics are sealed unless told otherwise: an hour closes once an hour. */
    public static final Duration DEFAULT_ROUTE_SEAL = Duration.ofHours(1);

    /** S0.4: how historical (recovered) and current (new) work are ordered after a restart. */
    public enum RecoveryMode { PARALLEL, HISTORICAL_FIRST }

    public SchedulerConfig {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(antiEntropy, "antiEntropy");
        Objects.requireNonNull(routeSeal, "routeSeal");
        if (maxEventAttempts < 1) {
            throw new IllegalArgumentException("maxEventAttempts must be at least 1");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        if (maxBatch < 1 || batchesInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and batchesInFlight must be at least 1");
        }
    }

    /** Results per batch when batches are asked for (the bench's --batch, the gateway's --max-batch 64). */
    public static final int DEFAULT_MAX_BATCH = 64;
    /**
     * Result batches in flight at once unless told otherwise: four, since with two the results became the
     * bottleneck of {@code weft bench tasks} whenever a commit slowed (docs/decisions.md, "Four result slots").
     */
    public static final int DEFAULT_BATCHES_IN_FLIGHT = 4;

    public static SchedulerConfig defaults(String mspId) {
        return builder(mspId).build();
    }

    public static Builder builder(String mspId) {
        return new Builder(mspId);
    }

    /** This configuration as a builder, to change some settings. */
    public Builder toBuilder() {
        return new Builder(mspId).workers(workers).recovery(recovery).retryDelay(retryDelay)
                .enginePoll(enginePoll).maxEventAttempts(maxEventAttempts).antiEntropy(antiEntropy)
                .maxBatch(maxBatch).batchesInFlight(batchesInFlight).routeSeal(routeSeal);
    }

    /** Settings by name, each starting at its default. */
    public static final class Builder {
        private final String mspId;
        private int workers = 16;
        private RecoveryMode recovery = RecoveryMode.PARALLEL;
        private Duration retryDelay = Duration.ofMillis(500);
        private Duration enginePoll = Duration.ofSeconds(2);
        private int maxEventAttempts = 5;
        private Duration antiEntropy = DEFAULT_ANTI_ENTROPY;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private int batchesInFlight = DEFAULT_BATCHES_IN_FLIGHT;
        private Duration routeSeal = DEFAULT_ROUTE_SEAL;

        private Builder(String mspId) {
            this.mspId = mspId;
        }

        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public Builder recovery(RecoveryMode v) {
            recovery = v;
            return this;
        }

        public Builder retryDelay(Duration v) {
            retryDelay = v;
            return this;
        }

        public Builder enginePoll(Duration v) {
            enginePoll = v;
            return this;
        }

        public Builder maxEventAttempts(int v) {
            maxEventAttempts = v;
            return this;
        }

        public Builder antiEntropy(Duration v) {
            antiEntropy = v;
            return this;
        }

        public Builder maxBatch(int v) {
            maxBatch = v;
            return this;
        }

        public Builder batchesInFlight(int v) {
            batchesInFlight = v;
            return this;
        }

        public Builder routeSeal(Duration v) {
            routeSeal = v;
            return this;
        }

        public SchedulerConfig build() {
            return new SchedulerConfig(mspId, workers, recovery, retryDelay, enginePoll,
                    maxEventAttempts, antiEntropy, maxBatch, batchesInFlight, routeSeal);
        }
    }
}
