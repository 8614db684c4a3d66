package dev.weft.gateway.bench;

import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.gateway.store.PostgresCluster;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code weft bench engines}: for each conversion module, the latency of a
 * subtask through Weft's standard engine (gRPC call, framework, module, the
 * heterogeneous engine) against calling the same engine directly with the same
 * request, in one run; how many asynchronous subtasks wait at once on how many
 * threads; and how many complete when 10 % of the push callbacks are dropped.
 * Each module is a {@link Rig} ({@link EngineRigs}): http (sync, the Python scoring service), process
 * (the Python program) and jdbc (a throwaway PostgreSQL server the run starts).
 * The direct side does the work a caller of that engine must do anyway: the same
 * bytes, the same client settings, connections kept open on both sides.
 */
public final class EnginesBenchmark {
    /** One module under test: its operation on the standard engine and the direct call of its engine. */
    public interface Rig {
        String module();

        String operation();

        /** Calls the heterogeneous engine directly with the same request Weft's engine receives. */
        void direct(UnitRequest request) throws Exception;

        /** The parameters of call {@code i} (the same request as the direct call). */
        Map<String, String> parameters(int i);
    }

    public record Settings(Path scripts, TlsMaterial tls, int calls, int waiting, int dropped) {
    }

    /** Per-module latency figures, milliseconds. */
    public record ModuleFigures(String module, int calls, double direct_p50_ms, double direct_p99_ms,
            double weft_p50_ms, double weft_p99_ms, double overhead_p50_ms, double overhead_p99_ms) {
    }

    public record Report(List<ModuleFigures> modules, int max_waiting, int waiting_target, int threads_used,
            int dropped_run_jobs, int dropped_callbacks, int completed_with_drops, double completion_rate) {
        public String text() {
            StringBuilder b = new StringBuilder();
            for (ModuleFigures m : modules) {
                b.append(String.format(java.util.Locale.ROOT, "%-8s %4d calls  direct p50 %.2f p99 %.2f ms  "
                        + "weft p50 %.2f p99 %.2f ms  overhead p50 %.2f p99 %.2f ms%n", m.module(), m.calls(),
                        m.direct_p50_ms(), m.direct_p99_ms(), m.weft_p50_ms(), m.weft_p99_ms(), m.overhead_p50_ms(),
                        m.overhead_p99_ms()));
            }
            b.append(String.format(java.util.Locale.ROOT, "waiting  %d of %d asynchronous subtasks at once on %d "
                    + "threads%n", max_waiting, waiting_target, threads_used));
            b.append(String.format(java.util.Locale.ROOT, "drops    %d of %d jobs completed with %d callbacks "
                    + "dropped (%.1f %%)%n", completed_with_drops, dropped_run_jobs, dropped_callbacks,
                    100 * completion_rate));
            return b.toString();
        }
    }

    private final Settings settings;

    public EnginesBenchmark(Settings settings) {
        this.settings = settings;
    }

    public Report run() throws Exception {
        Path dir = Files.createTempDirectory("weft-bench-engines");
        try (ScoringService scoring = ScoringService.start(settings.scripts(), settings.tls());
                PostgresCluster postgres = PostgresCluster.start(Files.createTempDirectory("weft-bench-pg"))) {
            String base = scoring.base();
            String program = settings.scripts().resolve("score_program.py").toString();
            Path password = EngineRigs.salesDatabase(postgres, dir);
            String yaml = """
                    callbacks: {bind: 127.0.0.1, port: 0, tls: {cert: "%3$s", key: "%4$s", ca: "%5$s"}}
                    engines:
                      - {name: http-sync, module: http, operations: [bench-http], timeout: 60s,
                         http: {url: "%1$s/score", mode: sync}}
                      - {name: http-pull, module: http, operations: [bench-pull], timeout: 120s,
                         http: {url: "%1$s/jobs", mode: pull, statusUrl: "%1$s/jobs/{job}", resultPointer: /result,
                                pollInitial: 500ms, pollMax: 2s}}
                      - {name: http-push, module: http, operations: [bench-push], timeout: 120s,
                         http: {url: "%1$s/jobs", mode: push, statusUrl: "%1$s/jobs/{job}", resultPointer: /result,
                                callbackWait: 3s, pollInitial: 200ms, pollMax: 1s}}
                      - {name: process, module: process, operations: [bench-process], timeout: 60s,
                         process: {command: [python3, "%2$s"]}}
                      - {name: sales-db, module: jdbc, operations: [bench-jdbc], timeout: 60s,
                         jdbc: {url: "%6$s", user: %7$s, password: {file: "%8$s"}, pool: {maxSize: 2},
                                queries: {sales-in-region: "%9$s"},
                                results: {bench-jdbc: {query: sales-in-region, shape: rows}}}}
                    """.formatted(base, program, settings.tls().certificate(), settings.tls().privateKey(),
                    settings.tls().trustedCa(), postgres.databaseUrl(), EngineRigs.READER, password, EngineRigs.SALES_IN_REGION);
            try (EngineServer engine = EngineHost.start(new EngineConfiguration("bench", "127.0.0.1", 0,
                    settings.tls(), LocalDatabase.Settings.embedded(dir), Set.of(), null, 16),
                    EngineFile.parse(yaml, dir));
                    EngineClient client = EngineClient.builder().endpoint("127.0.0.1:" + engine.port())
                            .tls(settings.tls()).authority("localhost").deadline(Duration.ofMinutes(3)).build();
                    EngineRigs.Jdbc jdbc = new EngineRigs.Jdbc(postgres.databaseUrl(), Files.readString(password).trim())) {
                List<ModuleFigures> figures = new ArrayList<>();
                for (Rig rig : List.of(EngineRigs.http(base), EngineRigs.process(program), jdbc)) {
                    figures.add(latency(rig, client));
                }
                int baseline = Thread.activeCount();
                // every job lasts long enough for all to be started first, even on a loaded machine; the
                // executions running at once are sampled while they are started, too
                scoring.control("{\"delay_ms\": 60000}");
                java.util.concurrent.atomic.AtomicInteger maxRunning = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicInteger maxThreads = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread sampler = new Thread(() -> {
                    while (sampling.get()) {
                        maxRunning.accumulateAndGet(engine.framework().running(), Math::max);
                        maxThreads.accumulateAndGet(Thread.activeCount() - baseline - 1, Math::max);
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "bench-sampler");
                sampler.setDaemon(true);
                sampler.start();
                List<String> ids = launch(client, "bench-pull", settings.waiting());
                for (int i = 0; i < 600 && maxRunning.get() < settings.waiting(); i++) {
                    Thread.sleep(100);
                }
                sampling.set(false);
                sampler.join();
                int maxWaiting = maxRunning.get();
                int peakThreads = maxThreads.get();
                await(client, ids);
                scoring.control("{\"delay_ms\": 200, \"drop_every\": 10}");
                List<String> pushed = launch(client, "bench-push", settings.dropped());
                int completed = await(client, pushed);
                int dropped = scoring.dropped();
                scoring.control("{\"drop_every\": 0}");
                return new Report(figures, maxWaiting, settings.waiting(), peakThreads, pushed.size(), dropped,
                        completed, pushed.isEmpty() ? 0 : (double) completed / pushed.size());
            }
        }
    }

    /**
     * Both sides see the same request and the same machine: each round calls the
     * engine directly and through Weft, in alternating order, after a warm-up that
     * opens the connections both sides then reuse.
     */
    private ModuleFigures latency(Rig rig, EngineClient client) throws Exception {
        int warm = Math.max(10, settings.calls() / 5);
        LatencyRecorder direct = new LatencyRecorder();
        LatencyRecorder weft = new LatencyRecorder();
        for (int i = 0; i < warm + settings.calls(); i++) {
            ExecuteRequest request = request(rig.operation(), rig.parameters(i)).build();
            UnitRequest same = new UnitRequest(request.getTaskId(), request.getSubtaskId(), request.getAttempt(),
                    request.getOperation(), request.getParametersMap(), List.of(), request.getExecutorMspId());
            long d;
            long w;
            if (i % 2 == 0) {
                d = timeDirect(rig, same);
                w = timeWeft(rig, client, request);
            } else {
                w = timeWeft(rig, client, request);
                d = timeDirect(rig, same);
            }
            if (i >= warm) {
                direct.record(d);
                weft.record(w);
            }
        }
        double d50 = direct.percentileMillis(50);
        double d99 = direct.percentileMillis(99);
        double w50 = weft.percentileMillis(50);
        double w99 = weft.percentileMillis(99);
        return new ModuleFigures(rig.module(), settings.calls(), d50, d99, w50, w99, w50 - d50, w99 - d99);
    }

    private static long timeDirect(Rig rig, UnitRequest request) throws Exception {
        long t0 = System.nanoTime();
        rig.direct(request);
        return System.nanoTime() - t0;
    }

    private static long timeWeft(Rig rig, EngineClient client, ExecuteRequest request) {
        long t0 = System.nanoTime();
        ExecuteResponse r = client.execute(request);
        long t = System.nanoTime() - t0;
        if (r.getState() != ExecutionState.SUCCEEDED) {
            throw new IllegalStateException(rig.module() + " call failed: " + r.getError());
        }
        return t;
    }

    private static ExecuteRequest.Builder request(String operation, Map<String, String> parameters) {
        return ExecuteRequest.newBuilder().setTaskId("bench-" + UUID.randomUUID()).setSubtaskId("s").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation(operation).putAllParameters(parameters)
                .setExecutorMspId("bench");
    }

    private static List<String> launch(EngineClient client, String operation, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ExecuteRequest r = request(operation, Map.of("values", Integer.toString(i))).setDetach(true).build();
            client.execute(r);
            ids.add(r.getTaskId());
        }
        return ids;
    }

    /** Waits for every execution; returns how many succeeded. */
    private static int await(EngineClient client, List<String> ids) throws InterruptedException {
        Map<String, Boolean> open = new LinkedHashMap<>();
        ids.forEach(id -> open.put(id, true));
        int succeeded = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (var it = open.keySet().iterator(); it.hasNext(); ) {
                ExecutionState s = client.queryResult(it.next(), "s", 1).getState();
                if (s == ExecutionState.SUCCEEDED || s == ExecutionState.FAILED) {
                    succeeded += s == ExecutionState.SUCCEEDED ? 1 : 0;
                    it.remove();
                }
            }
            Thread.sleep(200);
        }
        return succeeded;
    }
}
