package dev.weft.gateway.scheduler;

import dev.weft.gateway.metrics.Metrics;
import dev.weft.gateway.store.GatewayStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a gateway's scheduling does, as Micrometer meters (Prometheus names in
 * docs/operations.md): subtasks taken, completed, failed and resent, the latency
 * from taking a ready subtask to its result's commit, each engine call's latency,
 * the event stream's lag in blocks, the task and result list sizes, MVCC retries
 * and dead letters. Benchmarks read {@link #snapshot()}. One instance outlives the
 * schedulers a cluster member starts at each takeover, so counters keep counting.
 *
 * <pre>{@code
 * SchedulerMetrics metrics = new SchedulerMetrics(Metrics.prometheus("gateway", "Org1MSP"));
 * metrics.watch(store, chain::blockHeight);
 * Scheduler.start(config, chain, store, engines, metrics);
 * }</pre>
 */
public final class SchedulerMetrics {
    private static final long HEIGHT_REFRESH_NANOS = Duration.ofSeconds(2).toNanos();

    private final MeterRegistry registry;
    private final Counter taken;
    private final Counter completed;
    private final Counter failed;
    private final Counter resent;
    private final Counter executions;
    private final Counter submissions;
    private final Counter conflictRetries;
    private final Counter recovered;
    private final Counter deadLetters;
    private final Counter behind;
    private final Counter refusedSetAside;
    private final Counter antiEntropyTaken;
    private final Timer readyToCommit;
    private final io.micrometer.core.instrument.DistributionSummary batchSize;
    /** Sizes of the result batches sent, for {@link #batchSizes()} (benchmarks print them). */
    private final org.HdrHistogram.Recorder batches = new org.HdrHistogram.Recorder(2);
    private org.HdrHistogram.Histogram batchesSoFar;
    /** Ready-to-commit times of results and failures in microseconds, for {@link #resultLatencies()}. */
    private final org.HdrHistogram.Recorder resultMicros = new org.HdrHistogram.Recorder(3);
    /** Submit-to-commit times of results in microseconds, for {@link #commitLatencies()}. */
    private final org.HdrHistogram.Recorder commitMicros = new org.HdrHistogram.Recorder(3);
    private final AtomicLong lagBlocks = new AtomicLong();
    private final AtomicLong lastEventBlock = new AtomicLong(-1);
    private final AtomicLong height = new AtomicLong();
    private volatile long heightReadAt = System.nanoTime() - HEIGHT_REFRESH_NANOS;
    private volatile LongSupplier heightSource;

    /** Meters that count but are exported nowhere (tests, benchmarks without an admin port). */
    public SchedulerMetrics() {
        this(Metrics.none());
    }

    public SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        taken = counter("weft.subtasks.taken", "subtask attempts taken into the task list (events, recovery, anti-entropy)");
        completed = counter("weft.subtasks.completed", "subtask results committed on chain by this gateway");
        failed = counter("weft.subtasks.failed", "subtask failures reported on chain by this gateway");
        resent = counter("weft.subtasks.resent", "subtask attempts sent again (to another unit or engine, S0.8/S0.9)");
        executions = counter("weft.engine.executions", "engine Execute calls that returned an answer");
        submissions = counter("weft.chain.submissions", "result submissions committed");
        conflictRetries = counter("weft.chain.mvcc.retries", "submissions repeated after an MVCC read conflict");
        recovered = counter("weft.subtasks.recovered", "task-list entries taken up again after a restart");
        deadLetters = counter("weft.dead.letters", "events and subtasks moved to the dead-letter list");
        behind = counter("weft.subtasks.behind", "refusals retried because endorsing peers were behind");
        refusedSetAside = counter("weft.subtasks.refused.set.aside", "subtasks set aside after refusals retrying cannot cure");
        antiEntropyTaken = counter("weft.subtasks.anti.entropy", "pending subtasks anti-entropy found the task list lacked");
        readyToCommit = Metrics.latency("weft.subtask.ready.to.commit",
                "from taking a ready subtask (its ready event) to the commit of its result or failure")
                .register(registry);
        batchSize = io.micrometer.core.instrument.DistributionSummary.builder("weft.chain.batch.size")
                .description("results and failure reports in one task:SubmitResults transaction").register(registry);
        Gauge.builder("weft.event.lag.blocks", lagBlocks, AtomicLong::get)
                .description("blocks between the chain's height and the block of the last task event handled, "
                        + "measured when it was handled").baseUnit("blocks").register(registry);
        Gauge.builder("weft.event.last.block", lastEventBlock, AtomicLong::get)
                .description("block of the last task event handled").register(registry);
    }

    /** Task list, result list and dead-letter list sizes as gauges, and where the chain's height comes from. */
    public SchedulerMetrics watch(GatewayStore store, LongSupplier chainHeight) {
        Gauge.builder("weft.task.list.size", store, s -> s.taskList().size())
                .description("entries in the task list: taken, result not yet confirmed on chain").register(registry);
        Gauge.builder("weft.result.list.size", store, s -> s.resultList().size())
                .description("results kept in the result list (S0.11)").register(registry);
        Gauge.builder("weft.dead.letter.list.size", store, s -> s.deadLetters().size())
                .description("entries in the dead-letter list, waiting for weft task replay").register(registry);
        return watchHeight(chainHeight);
    }

    /** Where the event lag reads the chain's height from (at most every 2 s, as events are handled). */
    public SchedulerMetrics watchHeight(LongSupplier chainHeight) {
        Gauge.builder("weft.chain.height", height, AtomicLong::get)
                .description("the channel's height as last read by the event stream").register(registry);
        this.heightSource = chainHeight;
        return this;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** An engine call's latency, by engine, operation and outcome (SUCCEEDED, FAILED, or the error reason). */
    void engineCall(String engine, String operation, String outcome, long nanos) {
        Metrics.latency("weft.engine.call", "one Execute call to an engine, from send to answer")
                .tags("engine", engine, "operation", operation, "outcome", outcome)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** A task event of block {@code block} is being handled: the lag against the (cached) height. */
    void eventHandled(long block) {
        lastEventBlock.set(block);
        LongSupplier source = heightSource;
        if (source != null && System.nanoTime() - heightReadAt >= HEIGHT_REFRESH_NANOS) {
            heightReadAt = System.nanoTime();
            try {
                height.accumulateAndGet(source.getAsLong(), Math::max);
            } catch (RuntimeException unreachable) {
                // the last height stays; the stream itself reports what is wrong
            }
        }
        long h = height.accumulateAndGet(block + 1, Math::max);
        lagBlocks.set(Math.max(0, h - 1 - block));
    }

    void taken(int n) {
        taken.increment(n);
    }

    void resent() {
        resent.increment();
    }

    /** The result of an entry taken at {@code takenAt} committed. */
    void completed(Instant takenAt) {
        completed.increment();
        recordCommit(takenAt);
    }

    /** The failure of an entry taken at {@code takenAt} committed. */
    void failed(Instant takenAt) {
        failed.increment();
        recordCommit(takenAt);
    }

    private void recordCommit(Instant takenAt) {
        Duration d = Duration.between(takenAt, Instant.now());
        readyToCommit.record(d);
        resultMicros.recordValue(Math.max(0, d.toNanos() / 1_000));
    }

    /**
     * Ready-to-commit times (µs) of the results and failure reports committed since the
     * previous call: what {@code weft bench scale} reports per task size.
     */
    public org.HdrHistogram.Histogram resultLatencies() {
        return resultMicros.getIntervalHistogram();
    }

    void executed() {
        executions.increment();
    }

    /** A result committed after {@code conflicts} retries, {@code nanos} after it was handed to the chain client. */
    void submitted(int conflicts, long nanos) {
        submissions.increment();
        conflictRetries.increment(conflicts);
        commitMicros.recordValue(Math.max(0, nanos / 1_000));
    }

    /**
     * Submit-to-commit times (µs) of the results committed since the previous call: from
     * handing a result to the chain client (or to the batch it joins) to its commit.
     */
    public org.HdrHistogram.Histogram commitLatencies() {
        return commitMicros.getIntervalHistogram();
    }

    /** A batch of {@code size} results and failure reports is being sent (issue 16). */
    void batched(int size) {
        batchSize.record(size);
        batches.recordValue(size);
    }

    /** The sizes of every batch sent so far. */
    public synchronized org.HdrHistogram.Histogram batchSizes() {
        org.HdrHistogram.Histogram interval = batches.getIntervalHistogram();
        if (batchesSoFar == null) {
            batchesSoFar = interval.copy();
        } else {
            batchesSoFar.add(interval);
        }
        return batchesSoFar.copy();
    }

    void recovered(int n) {
        recovered.increment(n);
        taken.increment(n);
    }

    void deadLettered() {
        deadLetters.increment();
    }

    /** A refusal the own view did not confirm: endorsers were behind (issue 8). */
    void behind() {
        behind.increment();
    }

    /** A subtask set aside in the dead-letter list after refusals retrying cannot cure. */
    void refusedSetAside() {
        refusedSetAside.increment();
        deadLetters.increment();
    }

    /** Subtasks anti-entropy found on chain that the task list did not hold: zero in a healthy run. */
    void antiEntropyTaken(int n) {
        antiEntropyTaken.increment(n);
        taken.increment(n);
    }

    /**
     * A point-in-time copy.
     *
     * @param deadLetters events and subtasks set aside (of which {@code refusedSetAside} subtasks)
     * @param behind refusals retried because the own view said the work was still open
     * @param antiEntropyTaken subtasks taken up by anti-entropy after start-up
     */
    public record Snapshot(long executions, long submissions, long conflictRetries, long recovered,
            long deadLetters, long behind, long refusedSetAside, long antiEntropyTaken) {
    }

    public Snapshot snapshot() {
        return new Snapshot(count(executions), count(submissions), count(conflictRetries), count(recovered),
                count(deadLetters), count(behind), count(refusedSetAside), count(antiEntropyTaken));
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private static long count(Counter c) {
        return (long) c.count();
    }
}
