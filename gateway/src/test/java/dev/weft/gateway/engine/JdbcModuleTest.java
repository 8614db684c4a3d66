package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.store.PostgresCluster;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC conversion module against a real PostgreSQL server: its own throwaway
 * cluster on loopback, a reader role with SELECT only and a writer role, as an
 * organisation would set it up beside its standard engine.
 */
@DisplayName("S1.6/S1.7 JDBC conversion module: a separate PostgreSQL server, named queries only, read-only user")
class JdbcModuleTest {
    @TempDir static Path root;
    static PostgresCluster cluster;
    static Path readerPassword;
    static Path writerPassword;

    @BeforeAll
    static void database() throws Exception {
        cluster = PostgresCluster.start(root);
        try (Connection c = DriverManager.getConnection(cluster.superuserUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales (id INT PRIMARY KEY, region TEXT NOT NULL, amount NUMERIC(12,2),"
                    + " sold DATE NOT NULL)");
            s.execute("INSERT INTO sales VALUES (1,'north',200025,'2024-01-02'),(2,'south',200050,'2024-01-03'),"
                    + "(3,'east',200075,'2024-01-04'),(4,'west',200100,'2024-01-05'),(5,'central',200125,'2024-01-06')");
            s.execute("CREATE ROLE weft_reader LOGIN PASSWORD 'reader-secret-1'");
            s.execute("GRANT SELECT ON sales TO weft_reader");
            s.execute("CREATE ROLE weft_writer LOGIN PASSWORD 'writer-secret-2'");
            s.execute("GRANT SELECT, INSERT ON sales TO weft_writer");
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        readerPassword = Files.writeString(root.resolve("reader.password"), "reader-secret-1\n");
        writerPassword = Files.writeString(root.resolve("writer.password"), "writer-secret-2\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static JdbcUnit.Settings settings(String user, Path password, String url, String extra) {
        String json = """
                {"url": "%s", "user": "%s", "password": {"file": "%s"},
                 "pool": {"maxSize": 2, "connectionTimeoutMs": 1500},
                 "queries": {"sales-amounts": "SELECT amount FROM sales ORDER BY id",
                             "sales-in-region": "SELECT region, amount, sold FROM sales WHERE region = ? ORDER BY id",
                             "sales-above": "SELECT id FROM sales WHERE amount > ? ORDER BY id",
                             "broken": "SELECT amount / 0 FROM sales",
                             "slow": "SELECT pg_sleep(5)",
                             "stuck": "SELECT pg_sleep(300)"},
                 "results": {"pg-sum": {"query": "sales-amounts", "shape": "sum"},
                             "pg-mean": {"query": "sales-amounts", "shape": "mean"}}%s}
                """.formatted(url, user, password.getFileName(), extra);
        try (TestModuleContext context = new TestModuleContext("sales-db", List.of("pg-sum", "pg-mean", "pg-rows"),
                json, password.getParent())) {
            return JdbcModule.settings(context);
        }
    }

    private static ExecuteResponse run(InProcessEngine engine, String operation, String... params) {
        var request = request(operation);
        for (int i = 0; i < params.length; i += 2) {
            request.putParameters(params[i], params[i + 1]);
        }
        return engine.client().execute(request.build());
    }

    @Test
    @DisplayName("S1.6 request and result conversion: a named query's rows become a mergeable sum, a mean and rows")
    void convertsRequestAndResult() throws Exception {
        try (JdbcUnit unit = JdbcUnit.start(settings("weft_reader", readerPassword, cluster.databaseUrl(), ""));
             InProcessEngine engine = InProcessEngine.start(List.of(unit))) {
            ExecuteResponse sum = run(engine, "pg-sum");
            assertThat(sum.getState()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(sum.getValue().toStringUtf8())
                    .isEqualTo("{\"count\":5,\"operation\":\"sum\",\"sum\":1000375,\"value\":1000375}");
            assertThat(sum.getDigest()).isEqualTo(Digests.sha256Hex(sum.getValue().toByteArray()));
            assertThat(run(engine, "pg-mean").getValue().toStringUtf8()).contains("\"value\":200075");

            ExecuteResponse rows = run(engine, "pg-rows", "query", "sales-in-region", "arg.1", "east");
            assertThat(rows.getValue().toStringUtf8())
                    .isEqualTo("{\"columns\":[\"region\",\"amount\",\"sold\"],\"rows\":[[\"east\",200075,\"2024-01-04\"]]}");
            // a string argument typed by the server from the query (amount > ?)
            assertThat(run(engine, "pg-rows", "query", "sales-above", "arg.1", "200070").getValue().toStringUtf8())
                    .isEqualTo("{\"columns\":[\"id\"],\"rows\":[[3],[4],[5]]}");
        }
    }

    @Test
    @DisplayName("S1.6 only the organisation's named queries run; each refusal and failure is a stable code, the "
            + "database's text stays local")
    void stableCodes() throws Exception {
        try (JdbcUnit unit = JdbcUnit.start(settings("weft_reader", readerPassword, cluster.databaseUrl(), ""));
             InProcessEngine engine = InProcessEngine.start(List.of(unit))) {
            assertThat(run(engine, "pg-rows", "query", "SELECT * FROM pg_shadow").getError())
                    .startsWith("SQL_TEXT_REFUSED:");
            assertThat(run(engine, "pg-rows", "query", "drop-everything").getError()).startsWith("UNKNOWN_QUERY:");
            assertThat(run(engine, "pg-rows", "query", "sales-in-region").getError()).startsWith("BAD_ARGUMENTS:");
            assertThat(run(engine, "pg-sum", "query", "sales-above", "arg.1", "1").getError())
                    .startsWith("QUERY_MISMATCH:");
            assertThat(run(engine, "pg-rows", "query", "sales-amounts", "max-rows", "2").getError())
                    .startsWith("TOO_MANY_ROWS:");
            ExecuteResponse broken = run(engine, "pg-rows", "query", "broken");
            assertThat(broken.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(broken.getUnitFault()).isFalse();
            assertThat(broken.getError()).startsWith("QUERY_FAILED:").contains("SQLState 22012")
                    .doesNotContain("division");
            ExecuteResponse slow = run(engine, "pg-rows", "query", "slow", "timeout-seconds", "1");
            assertThat(slow.getError()).startsWith("QUERY_TIMEOUT:");
            assertThat(slow.getUnitFault()).isFalse();
        }
    }

    @Test
    @DisplayName("S1.6 read-only user enforced: a user that can write is refused at start, unless allowed; "
            + "queries still run in read-only transactions")
    void writableUserRefused() throws Exception {
        assertThatThrownBy(() -> JdbcUnit.start(settings("weft_writer", writerPassword, cluster.databaseUrl(), "")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("INSERT on public.sales")
                .hasMessageNotContaining("writer-secret-2");
        try (JdbcUnit unit = JdbcUnit.start(settings("weft_writer", writerPassword, cluster.databaseUrl(),
                ", \"allowWritableUser\": true"));
             InProcessEngine engine = InProcessEngine.start(List.of(unit))) {
            assertThat(run(engine, "pg-sum").getState()).isEqualTo(ExecutionState.SUCCEEDED);
        }
        try (Connection c = DriverManager.getConnection(cluster.superuserUrl()); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM sales")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(5);
        }
    }

    @Test
    @DisplayName("S1.6 unknown settings refused at start; a database that cannot be reached is a unit fault and the unit is unavailable")
    void unreachableDatabaseIsAUnitFault() throws Exception {
        try (TestModuleContext inline = new TestModuleContext("sales-db", List.of("pg-rows"),
                "{\"url\": \"" + cluster.databaseUrl() + "\", \"password\": \"reader-secret-1\"}", root)) {
            assertThatThrownBy(() -> JdbcModule.settings(inline)).hasMessageContaining("password")
                    .hasMessageNotContaining("reader-secret-1");
        }
        assertThatThrownBy(() -> settings("weft_reader", readerPassword, cluster.databaseUrl(),
                ", \"poolSize\": 3")).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> settings("weft_reader", readerPassword, cluster.databaseUrl(),
                ", \"results\": {\"pg-nope\": {\"shape\": \"sum\"}}")).hasMessageContaining("pg-nope");
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (JdbcUnit unit = JdbcUnit.start(settings("weft_reader", readerPassword,
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", ""))) {
            assertThat(unit.available()).isFalse();
            try (EngineFramework framework = EngineFramework.builder().unit(new ComputeUnit() {
                // the same module, asked while the database is down after the availability check
                public String name() {
                    return unit.name();
                }

                public java.util.Set<String> operations() {
                    return unit.operations();
                }

                public byte[] execute(UnitRequest request) throws Exception {
                    return unit.execute(request);
                }
            }).build()) {
                ExecuteResponse down = framework.execute(request("pg-sum").build()).join();
                assertThat(down.getState()).isEqualTo(ExecutionState.FAILED);
                assertThat(down.getUnitFault()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("S0.9 S1.6 the database backend terminated mid-query (pg_terminate_backend) is a unit fault, "
            + "not the task's failure, so the scheduler moves the subtask on")
    void backendTerminatedMidQueryIsUnitFault() throws Exception {
        try (JdbcUnit unit = JdbcUnit.start(settings("weft_reader", readerPassword, cluster.databaseUrl(), ""));
             InProcessEngine engine = InProcessEngine.start(List.of(unit))) {
            java.util.concurrent.CompletableFuture<ExecuteResponse> call = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> run(engine, "pg-rows", "query", "stuck"));
            int terminated = 0;
            try (Connection c = DriverManager.getConnection(cluster.superuserUrl()); Statement s = c.createStatement()) {
                for (int i = 0; i < 600 && terminated == 0; i++) {
                    try (var rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE query = 'SELECT pg_sleep(300)' AND state = 'active'")) {
                        rs.next();
                        terminated = rs.getInt(1);
                    }
                    if (terminated == 0) {
                        Thread.sleep(100);
                    }
                }
            }
            assertThat(terminated).as("the query's backend was found and terminated").isEqualTo(1);
            ExecuteResponse r = call.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(r.getUnitFault()).as(r.getError()).isTrue();
            assertThat(r.getError()).doesNotStartWith("QUERY_FAILED");
        }
    }
}
