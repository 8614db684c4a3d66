package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The JDBC rig of {@code weft bench engines} (issue 13 item 8): the latency of a
 * named query through the standard engine (a real engine server on a loopback
 * port, the {@code jdbc} module, its pool) against the latency of calling the
 * same database directly with the same statement and arguments on one open
 * connection, in the same run, one call at a time. The overhead is the
 * difference of the percentiles ({@code overhead_p50_ms}, {@code overhead_p99_ms}).
 *
 * <pre>{@code
 * JdbcOverheadRig.Figures f = JdbcOverheadRig.measure(settings, "pg-rows", Map.of("query", "sales-in-region",
 *         "arg.1", "east"), 100, 1000);
 * System.out.println(f.toJson());
 * }</pre>
 */
public final class JdbcOverheadRig {
    private JdbcOverheadRig() {
    }

    /** Latencies in milliseconds; overhead = engine − direct at the same percentile. */
    public record Figures(int calls, double directP50Ms, double directP99Ms, double engineP50Ms, double engineP99Ms) {
        public double overheadP50Ms() {
            return engineP50Ms - directP50Ms;
        }

        public double overheadP99Ms() {
            return engineP99Ms - directP99Ms;
        }

        public ObjectNode toJson() {
            ObjectNode n = EngineJson.NODES.objectNode();
            n.put("module", "jdbc");
            n.put("calls", calls);
            n.put("direct_p50_ms", round(directP50Ms));
            n.put("direct_p99_ms", round(directP99Ms));
            n.put("engine_p50_ms", round(engineP50Ms));
            n.put("engine_p99_ms", round(engineP99Ms));
            n.put("overhead_p50_ms", round(overheadP50Ms()));
            n.put("overhead_p99_ms", round(overheadP99Ms()));
            return n;
        }

        private static double round(double ms) {
            return Math.round(ms * 1000) / 1000.0;
        }
    }

    /**
     * Runs {@code warmup} then {@code calls} calls each way, alternating direct
     * and engine calls so both see the same load on the machine.
     */
    public static Figures measure(JdbcUnit.Settings settings, String operation, Map<String, String> parameters,
            int warmup, int calls) throws Exception {
        SqlOperation op = Objects.requireNonNull(settings.operations().get(operation), "operation " + operation);
        String queryName = op.query() != null ? op.query() : parameters.get("query");
        NamedQueries.Query query = settings.queries().require(queryName);
        Histogram direct = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        Histogram viaEngine = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        try (JdbcUnit unit = JdbcUnit.start(settings);
             EngineFramework framework = EngineFramework.builder().name("bench").unit(unit).workers(2).build();
             EngineServer server = EngineServer.create(EngineServer.loopback(0), framework).start();
             EngineClient client = EngineClient.builder().endpoint("127.0.0.1:" + server.port()).insecureLoopback()
                     .build();
             Connection c = settings.user() == null ? DriverManager.getConnection(settings.url())
                     : DriverManager.getConnection(settings.url() + (settings.url().contains("?") ? "&" : "?")
                             + "stringtype=unspecified", settings.user(), settings.password())) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            List<String> args = new java.util.ArrayList<>();
            for (int i = 1; parameters.containsKey("arg." + i); i++) {
                args.add(parameters.get("arg." + i));
            }
            for (int i = 0; i < warmup + calls; i++) {
                long t0 = System.nanoTime();
                try (PreparedStatement s = c.prepareStatement(query.sql())) {
                    for (int a = 0; a < args.size(); a++) {
                        s.setString(a + 1, args.get(a));
                    }
                    try (ResultSet rows = s.executeQuery()) {
                        op.shape().read(rows, query.name(), SqlQuery.DEFAULT_MAX_ROWS);
                    }
                } finally {
                    c.rollback();
                }
                long t1 = System.nanoTime();
                ExecuteResponse response = client.execute(ExecuteRequest.newBuilder().setTaskId("bench-" + i)
                        .setSubtaskId("jdbc").setAttempt(1).setSendMode(SendMode.FIRST_SEND).setOperation(operation)
                        .putAllParameters(parameters).setExecutorMspId("bench").build());
                long t2 = System.nanoTime();
                if (response.getState() != ExecutionState.SUCCEEDED) {
                    throw new IllegalStateException("engine call failed: " + response.getError());
                }
                if (i >= warmup) {
                    direct.recordValue(t1 - t0);
                    viaEngine.recordValue(t2 - t1);
                }
            }
        }
        return new Figures(calls, ms(direct, 50), ms(direct, 99), ms(viaEngine, 50), ms(viaEngine, 99));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }
}
