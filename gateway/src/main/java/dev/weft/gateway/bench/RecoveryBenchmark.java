package dev.weft.gateway.bench;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.node.GatewayConfig;
import dev.weft.gateway.node.GatewayNode;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.StoreStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench recovery}: how a gateway comes back from {@code kill -9}
 * with a backlog, on the running network. One run:
 * <ol>
 *   <li><b>steady state</b>: a gateway (in this process) completes one-subtask
 *       tasks that {@code concurrency} clients create without pause; its
 *       completion rate after warm-up is the reference;</li>
 *   <li><b>backlog</b>: a gateway process takes {@code subtasks} new tasks while
 *       its engine process is stopped (SIGSTOP), so that they are all in flight:
 *       in its task list, some sent to the engine; then it is killed with SIGKILL;</li>
 *   <li><b>recovery</b>: the engine continues (SIGCONT) and the gateway restarts on
 *       the same store (in this process, to read its store statistics); the time
 *       from the restart until every backlog task is committed gives the drain rate.</li>
 * </ol>
 * Afterwards every task is audited on the ledger and at the engine (nothing lost,
 * no result twice, no attempt run twice).
 */
public final class RecoveryBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryBenchmark.class);

    /**
     * What to run.
     *
     * @param profileArg how child processes name the profile ({@code --profile})
     * @param giveUp how long each phase waits for its tasks after their load has stopped; what is still
     *               awaited then is reported and counted as lost
     */
    public record Settings(Profile profile, String profileArg, int subtasks, int concurrency, Duration steady,
            Duration warmup, int workers, int engineWorkers, Path workDir, Duration giveUp) {
    }

    private final Settings s;

    public RecoveryBenchmark(Settings settings) {
        this.s = settings;
    }

    public RecoveryReport run() throws Exception {
        String msp = s.profile().mspId();
        Path logs = s.workDir().resolve("logs");
        try (ChainClient admin = ChainClient.connect(s.profile().connection("Admin", 0));
                ChainClient client = ChainClient.connect(s.profile().connection("User1", 0));
                ChainClient reader = ChainClient.connect(s.profile().connection("User1", 0));
                RecoveryEvents events = RecoveryEvents.listen(reader, reader.blockHeight());
                RecoveryProcess engine = RecoveryProcess.engine("bench-engine", s.profileArg(),
                        s.workDir().resolve("engine"), s.engineWorkers(), logs);
                EngineClient engineClient = EngineClient.builder().endpoint(engine.endpoint())
                        .tls(s.profile().gatewayTls()).deadline(Duration.ofSeconds(30))
                        .build()) {
            String definition = RecoveryLoad.define(admin, "bench-recovery", 1, msp, 0);
            List<String> endpoints = List.of(engine.endpoint());

            List<String> steadyTasks = Collections.synchronizedList(new ArrayList<>());
            double steadyRate;
            StoreStats steadyWrites;
            try (GatewayNode steady = gateway(s, s.workDir().resolve("steady"), endpoints)) {
                steadyRate = steadyRate(client, definition, events, steadyTasks);
                awaitOrGiveUp(events, steadyTasks, "steady-state");
                steadyWrites = steady.store().stats();
            }
            LOG.info("steady state: {} subtasks/s", String.format("%.1f", steadyRate));

            Path data = s.workDir().resolve("gateway");
            List<String> backlog;
            int status;
            int inFlight;
            int computed;
            try (RecoveryProcess doomed = RecoveryProcess.gateway("bench-gateway", s.profileArg(), endpoints, data,
                    s.workers(), Map.of(), List.of(), logs)) {
                engine.pause();
                backlog = RecoveryLoad.create(client, definition, s.subtasks(), s.concurrency());
                awaitTaken(data, backlog.size());
                status = doomed.kill();
            } finally {
                engine.resume();
            }
            try (GatewayStore left = GatewayStore.openSqlite(data)) {
                inFlight = left.taskList().size();
                computed = left.resultList().size();
            }
            LOG.info("killed the gateway (status {}) with {} subtasks in flight; restarting", status, inFlight);

            long restart = System.nanoTime();
            StoreStats drainWrites;
            try (GatewayNode restarted = gateway(s, data, endpoints)) {
                awaitOrGiveUp(events, backlog, "backlog");
                drainWrites = restarted.store().stats();
            }
            List<String> awaited = new ArrayList<>();
            steadyTasks.stream().filter(t -> events.endNanos(t) == 0).forEach(awaited::add);
            backlog.stream().filter(t -> events.endNanos(t) == 0).forEach(awaited::add);
            long last = backlog.stream().mapToLong(events::endNanos).max().orElse(restart);
            double recoveryS = (last - restart) / 1e9;
            double drainRate = backlog.size() / recoveryS;

            List<String> all = new ArrayList<>(steadyTasks);
            all.addAll(backlog);
            RecoveryLoad.Audit audit = RecoveryLoad.audit(reader, all, msp, events, List.of(engineClient));
            return new RecoveryReport(inFlight, audit.lost(), audit.duplicateResults(), audit.duplicateExecutions(),
                    round(recoveryS), round(drainRate), round(steadyRate), round(drainRate / steadyRate), status,
                    computed, round((double) drainWrites.writes() / backlog.size()),
                    round(drainWrites.writeNanos() / 1e6 / backlog.size()),
                    round((double) steadyWrites.writes() / steadyTasks.size()),
                    round(steadyWrites.writeNanos() / 1e6 / steadyTasks.size()), steadyTasks.size(),
                    audit.maxRuns(), s.workers(), s.concurrency(), s.steady().toSeconds(),
                    BenchReport.batchTimeoutMillis(), s.giveUp().toSeconds(), awaited);
        }
    }

    /** Closed-loop creators for warm-up plus the measured window; completions per second in the window. */
    private double steadyRate(ChainClient client, String definition, RecoveryEvents events, List<String> created)
            throws InterruptedException {
        long start = System.nanoTime();
        long warmEnd = start + s.warmup().toNanos();
        long end = warmEnd + s.steady().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(s.concurrency());
        for (int i = 0; i < s.concurrency(); i++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    created.addAll(RecoveryLoad.create(client, definition, 1, 1));
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(s.warmup().plus(s.steady()).toSeconds() + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        long inWindow = List.copyOf(created).stream().mapToLong(events::endNanos)
                .filter(t -> t >= warmEnd && t <= end).count();
        return inWindow / (s.steady().toNanos() / 1e9);
    }

    /** Waits for the tasks to end; when {@code giveUp} passes first, says so and goes on (the audit counts them). */
    private void awaitOrGiveUp(RecoveryEvents events, List<String> tasks, String phase) {
        if (!events.awaitEnded(tasks, s.giveUp())) {
            LOG.warn("{} phase: gave up after {} s with {} of {} tasks still awaited", phase, s.giveUp().toSeconds(),
                    tasks.size() - events.ended(tasks), tasks.size());
        }
    }

    /** Waits until the gateway process has all the backlog in its task list. */
    private static void awaitTaken(Path data, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (GatewayStore store = GatewayStore.openSqlite(data)) {
            int taken;
            while ((taken = store.taskList().size()) < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway took only " + taken + " of " + expected);
                }
                Thread.sleep(250);
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * A gateway in this process, wired as {@code weft gateway run} wires one (store in a data folder, static
     * engines over TLS, the scheduler's defaults), so that its store's statistics can be read; started on the
     * data folder of a gateway that was killed, it is that gateway restarted.
     */
    private static GatewayNode gateway(Settings s, Path data, List<String> endpoints) {
        return GatewayNode.start(GatewayConfig.builder(s.profile().connection("User1", 0))
                .sqlite(data)
                .engines(s.profile().gatewayTls(), Duration.ofMinutes(5), endpoints)
                .scheduler(SchedulerConfig.builder(s.profile().mspId()).workers(s.workers()))
                .build());
    }
}
