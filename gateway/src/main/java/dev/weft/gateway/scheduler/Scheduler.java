package dev.weft.gateway.scheduler;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventHub;
import dev.weft.gateway.chain.RetryPolicy;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an organisation's subtasks: takes task events from its slot on the gateway's
 * event stream ({@link EventHub}), takes the ready subtasks its organisation
 * participates in into the task list (together with the stream's checkpoint,
 * atomically), executes them on engines and returns the results. On start it
 * recovers what the store says it still owes, and what became ready while it was
 * away; it leaves the slot when closed.
 *
 * <pre>{@code
 * EventHub.Slot intake = events.slot(ReadyWork.TASK_EVENT, EventFloor.NONE, true);
 * try (EventHub hub = events.start(() -> chain, start, store.checkpointer(GatewayStore.GATEWAY_EVENTS));
 *      Scheduler s = Scheduler.start(SchedulerConfig.defaults("Org1MSP"), chain, store, engines, metrics, intake)) {
 *     s.awaitIdle(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final long MAX_BEHIND_DELAY_MS = 5_000;
    private static final long ROUTE_SEAL_FIRST_MS = 60_000;

    private final SchedulerConfig config;
    private final ChainClient chain;
    private final GatewayStore store;
    private final EngineDirectory engines;
    private final SubtaskRunner runner;
    private final ResultBatches batches;
    private final Recovery recovery;
    private final AntiEntropy antiEntropy;
    /** Backoff while endorsers are behind: from the retry delay up to {@link #MAX_BEHIND_DELAY_MS}. */
    private final RetryPolicy behindBackoff;
    /** Per entry: consecutive BEHIND outcomes (for the backoff) and refusals retrying cannot cure. */
    private final Map<TaskKey, Integer> behindRuns = new ConcurrentHashMap<>();
    private final Map<TaskKey, Integer> refusals = new ConcurrentHashMap<>();
    private final SchedulerMetrics metrics;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "weft-scheduler-timer"));
    private final Set<TaskKey> inFlight = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean antiEntropyBusy =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final EventHub.Slot slot;
    private final EventIntake intake;
    private volatile boolean closed;

    private Scheduler(SchedulerConfig config, ChainClient chain, GatewayStore store, EngineDirectory engines,
            SchedulerMetrics metrics, EventHub.Slot slot) {
        this.config = config;
        this.slot = java.util.Objects.requireNonNull(slot, "slot");
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
        this.chain = chain;
        this.store = store;
        this.engines = engines;
        this.batches = config.maxBatch() > 1
                ? new ResultBatches(chain, metrics, config.maxBatch(), config.batchesInFlight()) : null;
        this.runner = new SubtaskRunner(config.mspId(), chain, store, engines, metrics, batches);
        this.recovery = new Recovery(config.mspId(), chain, store);
        this.antiEntropy = new AntiEntropy(config.mspId(), ChainView.of(chain), store);
        long base = Math.max(1, config.retryDelay().toMillis());
        this.behindBackoff = new RetryPolicy(Integer.MAX_VALUE, base, Math.max(base, MAX_BEHIND_DELAY_MS));
        this.intake = new EventIntake(config.mspId(), store, metrics, config.maxEventAttempts(), this::enqueue);
        this.workers = Executors.newFixedThreadPool(config.workers(), r -> daemon(r, "weft-worker"));
    }

    /**
     * Starts the scheduler, counting into {@code metrics}; its intake takes the events of {@code slot}
     * (held by the caller until then, so that no event passes while it starts).
     */
    public static Scheduler start(SchedulerConfig config, ChainClient chain, GatewayStore store,
            EngineDirectory engines, SchedulerMetrics metrics, EventHub.Slot slot) {
        Scheduler s = new Scheduler(config, chain, store, engines, metrics, slot);
        s.begin();
        return s;
    }

    private void begin() {
        long poll = config.enginePoll().toMillis();
        timer.scheduleWithFixedDelay(engines::pollAll, poll, poll, TimeUnit.MILLISECONDS);
        // PARALLEL: the event stream starts first, so new work flows while the owed work is recovered
        // (a cluster takeover's first result waited for the whole recovery: 16.7 s for 147 owed
        // subtasks at load 21 on 2 cores, the pending index read 7.1 s of it). A subtask is taken by
        // the stream or by the recovery, never both: each claims its key first (claims).
        boolean streamFirst = config.recovery() == SchedulerConfig.RecoveryMode.PARALLEL;
        long t0 = System.nanoTime();
        List<TaskEntry> listed = store.taskList();
        if (streamFirst) {
            intake.recoveryStarts();
            startStream();
        }
        long t1 = System.nanoTime();
        List<TaskEntry> historical = recovery.historical(listed);
        historical.forEach(e -> intake.recovered(e.key()));
        long t2 = System.nanoTime();
        metrics.recovered(historical.size());
        historical.forEach(this::enqueue);
        if (config.recovery() == SchedulerConfig.RecoveryMode.HISTORICAL_FIRST) {
            awaitIdle(java.time.Duration.ofHours(1));
        }
        long t3 = System.nanoTime();
        List<TaskEntry> away = recovery.pendingOnChain(intake::claimForRecovery);
        long t4 = System.nanoTime();
        away.forEach(this::enqueue);
        if (!streamFirst) {
            startStream();
        }
        intake.recoveryEnded();
        long t5 = System.nanoTime();
        // Where a start's time goes (a cluster takeover's first result waits for the stream).
        LOG.info("scheduler start for {}: event stream {} ms, task list and pending index {} ms, {} ready while "
                + "away recorded in {} ms (stream {})", config.mspId(),
                ((streamFirst ? t1 - t0 : t5 - t4)) / 1_000_000, (t2 - t1) / 1_000_000, away.size(),
                (t4 - t3) / 1_000_000, streamFirst ? "first" : "last");
        scheduleAntiEntropy();
        scheduleRouteSeal();
        LOG.info("scheduler for {} started: {} recovered, {} workers, events from checkpoint {}",
                config.mspId(), historical.size(), config.workers(),
                store.checkpointer(GatewayStore.GATEWAY_EVENTS).getBlockNumber());
    }

    private void startStream() {
        slot.attach(intake::onEvent);
    }

    private void scheduleAntiEntropy() {
        long every = config.antiEntropy().toMillis();
        if (every > 0) {
            timer.scheduleWithFixedDelay(() -> workers.execute(this::antiEntropyRound), every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Seals closed hours of route statistics (issue 16): the first round a minute after start, then on the cadence. */
    private void scheduleRouteSeal() {
        long every = config.routeSeal().toMillis();
        if (every > 0) {
            RouteSealer sealer = new RouteSealer(RouteSealer.Chain.of(chain));
            timer.scheduleWithFixedDelay(() -> workers.execute(() -> sealRound(sealer)),
                    Math.min(every, ROUTE_SEAL_FIRST_MS), every, TimeUnit.MILLISECONDS);
        }
    }

    private void sealRound(RouteSealer sealer) {
        if (closed) {
            return;
        }
        try {
            sealer.round();
        } catch (RuntimeException e) {
            LOG.warn("route statistics sealing round failed ({}); the next one tries again", e.toString());
        }
    }

    private void enqueue(TaskEntry entry) {
        if (!closed && inFlight.add(entry.key())) {
            workers.execute(() -> runOne(entry));
        }
    }

    /** Takes up pending work on chain that nothing here holds (issue 8). */
    private void antiEntropyRound() {
        if (closed || !antiEntropyBusy.compareAndSet(false, true)) {
            return;
        }
        try {
            List<TaskEntry> taken = antiEntropy.round(inFlight::contains);
            metrics.antiEntropyTaken(taken.size());
            taken.forEach(this::enqueue);
        } catch (RuntimeException e) {
            LOG.warn("anti-entropy round failed ({}); the next one tries again", e.toString());
        } finally {
            antiEntropyBusy.set(false);
        }
    }

    private void runOne(TaskEntry entry) {
        SubtaskRunner.Outcome outcome;
        try {
            outcome = runner.run(entry);
        } catch (RuntimeException e) {
            LOG.warn("{}: {}; will retry", entry.key(), e.toString());
            outcome = SubtaskRunner.Outcome.RETRY;
        }
        TaskKey key = entry.key();
        if (outcome == SubtaskRunner.Outcome.REFUSED && setAsideAfterBoundedTries(entry)) {
            outcome = SubtaskRunner.Outcome.DONE;
        }
        if (outcome == SubtaskRunner.Outcome.DONE || closed) {
            forget(key);
            return;
        }
        long delay = config.retryDelay().toMillis();
        if (outcome == SubtaskRunner.Outcome.BEHIND) {
            delay = behindBackoff.delayMillis(behindRuns.merge(key, 1, Integer::sum));
        } else {
            behindRuns.remove(key);
        }
        timer.schedule(() -> {
            if (closed) {
                inFlight.remove(entry.key());
                return;
            }
            TaskEntry latest = store.task(entry.key()).orElse(null);
            if (latest == null) {
                forget(entry.key());
            } else {
                workers.execute(() -> runOne(latest));
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Issue 9 item 10: a refusal retrying cannot cure is tried {@code maxEventAttempts}
     * times, then the subtask goes to the dead-letter list (replayable with
     * {@code weft task replay}) and leaves the task list; true when it did.
     */
    private boolean setAsideAfterBoundedTries(TaskEntry entry) {
        int tries = refusals.merge(entry.key(), 1, Integer::sum);
        String why = runner.takeRefusal(entry.key());
        if (tries < config.maxEventAttempts()) {
            return false;
        }
        store.deadLetter(TaskEntries.setAside(entry, why, tries));
        store.complete(entry.key());
        metrics.refusedSetAside();
        LOG.error("{}: {} ({} tries; retrying cannot cure it); moved to the dead-letter list",
                entry.key(), why, tries);
        return true;
    }

    private void forget(TaskKey key) {
        behindRuns.remove(key);
        refusals.remove(key);
        inFlight.remove(key);
    }

    /** Waits until nothing is in flight (or the timeout passes); true when idle. */
    public boolean awaitIdle(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight.isEmpty();
    }

    public int inFlight() {
        return inFlight.size();
    }

    public SchedulerMetrics.Snapshot metrics() {
        return metrics.snapshot();
    }

    @Override
    public void close() {
        closed = true;
        slot.detach();
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        if (batches != null) {
            batches.close();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
