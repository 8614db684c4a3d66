package dev.weft.gateway.bench;

import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.EngineTls;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * Modules are pluggable: each is a {@link Rig} (HTTP and process here; the
 * database modules add theirs).
 */
public final class EnginesBenchmark {
    /** One module under test: its operation on the standard engine and the direct call of its engine. */
    public interface Rig {
        String module();

        String operation();

        /** Calls the heterogeneous engine directly with the request of call {@code i}. */
        void direct(int i) throws Exception;

        /** The parameters of call {@code i} (the same request as the direct call). */
        Map<String, String> parameters(int i);
    }

    public record Settings(Path scripts, EngineTls tls, int calls, int waiting, int dropped) {
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
    private final HttpClient http = HttpClient.newHttpClient();

    public EnginesBenchmark(Settings settings) {
        this.settings = settings;
    }

    public Report run() throws Exception {
        Path dir = Files.createTempDirectory("weft-bench-engines");
        Process python = startPython();
        try {
            String base = "http://127.0.0.1:" + port(python);
            String program = settings.scripts().resolve("score_program.py").toString();
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
                    """.formatted(base, program, settings.tls().certificate(), settings.tls().privateKey(),
                    settings.tls().trustedCa());
            try (EngineServer engine = EngineHost.start(new EngineConfiguration("bench", "127.0.0.1", 0, null,
                    LocalDatabase.Settings.embedded(dir), Set.of(), null, 16), EngineFile.parse(yaml, dir));
                    EngineClient client = EngineClient.builder().endpoint("127.0.0.1:" + engine.port())
                            .insecureLoopback().deadline(Duration.ofMinutes(3)).build()) {
                List<ModuleFigures> figures = new ArrayList<>();
                for (Rig rig : List.of(httpRig(base), processRig(program))) {
                    figures.add(latency(rig, client));
                }
                int baseline = Thread.activeCount();
                control(base, "{\"delay_ms\": 8000}");
                List<String> ids = launch(client, "bench-pull", settings.waiting());
                int maxWaiting = 0;
                int peakThreads = 0;
                for (int i = 0; i < 40 && maxWaiting < settings.waiting(); i++) {
                    maxWaiting = Math.max(maxWaiting, engine.framework().running());
                    peakThreads = Math.max(peakThreads, Thread.activeCount() - baseline);
                    Thread.sleep(100);
                }
                await(client, ids);
                control(base, "{\"delay_ms\": 200, \"drop_every\": 10}");
                List<String> pushed = launch(client, "bench-push", settings.dropped());
                int completed = await(client, pushed);
                int dropped = dropped(base);
                control(base, "{\"drop_every\": 0}");
                return new Report(figures, maxWaiting, settings.waiting(), peakThreads, pushed.size(), dropped,
                        completed, pushed.isEmpty() ? 0 : (double) completed / pushed.size());
            }
        } finally {
            python.destroyForcibly();
        }
    }

    private ModuleFigures latency(Rig rig, EngineClient client) throws Exception {
        int warm = Math.max(5, settings.calls() / 10);
        LatencyRecorder direct = new LatencyRecorder();
        LatencyRecorder weft = new LatencyRecorder();
        for (int i = 0; i < warm + settings.calls(); i++) {
            long t0 = System.nanoTime();
            rig.direct(i);
            long t1 = System.nanoTime();
            ExecuteResponse r = client.execute(request(rig.operation(), rig.parameters(i)).build());
            long t2 = System.nanoTime();
            if (r.getState() != ExecutionState.SUCCEEDED) {
                throw new IllegalStateException(rig.module() + " call failed: " + r.getError());
            }
            if (i >= warm) {
                direct.record(t1 - t0);
                weft.record(t2 - t1);
            }
        }
        double d50 = direct.percentileMillis(50);
        double d99 = direct.percentileMillis(99);
        double w50 = weft.percentileMillis(50);
        double w99 = weft.percentileMillis(99);
        return new ModuleFigures(rig.module(), settings.calls(), d50, d99, w50, w99, w50 - d50, w99 - d99);
    }

    private Rig httpRig(String base) {
        return new Rig() {
            public String module() {
                return "http";
            }

            public String operation() {
                return "bench-http";
            }

            public Map<String, String> parameters(int i) {
                return Map.of("values", i + ",1.5", "weight", "2");
            }

            public void direct(int i) throws Exception {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/score"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{\"values\":\"" + i
                                + ",1.5\",\"weight\":\"2\"}}")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("direct call answered " + r.statusCode());
                }
            }
        };
    }

    private static Rig processRig(String program) {
        return new Rig() {
            public String module() {
                return "process";
            }

            public String operation() {
                return "bench-process";
            }

            public Map<String, String> parameters(int i) {
                return Map.of("values", i + ",1.5");
            }

            public void direct(int i) throws Exception {
                Process p = new ProcessBuilder("python3", program).redirectErrorStream(true).start();
                p.getOutputStream().write(("{\"parameters\":{\"values\":\"" + i + ",1.5\"}}")
                        .getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                p.getInputStream().readAllBytes();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("direct program run failed");
                }
            }
        };
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

    private Process startPython() throws Exception {
        return new ProcessBuilder("python3", settings.scripts().resolve("scoring_server.py").toString(), "--port", "0",
                "--cert", settings.tls().certificate().toString(), "--key", settings.tls().privateKey().toString(),
                "--ca", settings.tls().trustedCa().toString()).redirectErrorStream(true).start();
    }

    private static int port(Process python) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            throw new IllegalStateException("the Python engine did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException ignored) {
                // ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(line.substring(13).trim());
    }

    private void control(String base, String json) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "/control")).POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    private int dropped(String base) throws Exception {
        String stats = http.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return stats.split("\"dropped\"", -1).length - 1;
    }
}
