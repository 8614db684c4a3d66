package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB conversion module on real DuckDB, in the engine's process, over a CSV and a Parquet file. */
@DisplayName("S1.7 DuckDB conversion module (local calls): named queries over the organisation's CSV and Parquet files")
class DuckDbModuleTest {
    @TempDir Path dir;

    private String section(String extraQueries) throws Exception {
        Files.writeString(dir.resolve("sales.csv"), """
                id,region,amount
                1,north,300025
                2,south,300050
                3,north,300075
                4,west,300100
                5,central,300125
                """);
        Files.writeString(dir.resolve("secret.csv"), "password\nhunter2\n");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES (1, 'north', 7), (2, 'west', 9)) t(id, region, items)) TO '"
                    + dir.resolve("orders.parquet") + "' (FORMAT parquet)");
        }
        return """
                {"tables": {"sales": {"path": "sales.csv"}, "orders": {"path": "orders.parquet"}},
                 "queries": {"region-totals": "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region",
                             "amounts": "SELECT amount FROM sales ORDER BY id",
                             "orders-in": "SELECT o.region, o.items, s.amount FROM orders o JOIN sales s ON s.id = o.id WHERE o.region = ? ORDER BY o.id"
                             %s},
                 "results": {"duck-sum": {"query": "amounts", "shape": "sum"}},
                 "dataDir": "catalogue", "threads": 1}
                """.formatted(extraQueries);
    }

    private static ExecuteResponse run(InProcessEngine engine, String operation, String... params) {
        var request = request(operation);
        for (int i = 0; i < params.length; i += 2) {
            request.putParameters(params[i], params[i + 1]);
        }
        return engine.client().execute(request.build());
    }

    @Test
    @DisplayName("S1.7 request and result conversion: CSV rows grouped, a Parquet file joined with an argument, a sum")
    void convertsRequestAndResult() throws Exception {
        try (TestModuleContext context = new TestModuleContext("sales-files", List.of("duck-rows", "duck-sum"),
                section(""), dir);
             DuckDbUnit unit = (DuckDbUnit) new DuckDbModule().create(context);
             InProcessEngine engine = InProcessEngine.start(List.of(unit))) {
            assertThat(run(engine, "duck-rows", "query", "region-totals").getValue().toStringUtf8()).isEqualTo(
                    "{\"columns\":[\"region\",\"total\"],\"rows\":[[\"central\",300125],[\"north\",600100],"
                            + "[\"south\",300050],[\"west\",300100]]}");
            assertThat(run(engine, "duck-rows", "query", "orders-in", "arg.1", "west").getValue().toStringUtf8())
                    .isEqualTo("{\"columns\":[\"region\",\"items\",\"amount\"],\"rows\":[[\"west\",9,300050]]}");
            ExecuteResponse sum = run(engine, "duck-sum");
            assertThat(sum.getState()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(sum.getValue().toStringUtf8())
                    .isEqualTo("{\"count\":5,\"operation\":\"sum\",\"sum\":1500375,\"value\":1500375}");
        }
    }

    @Test
    @DisplayName("S1.7 a query reads only the configured files and writes nothing; SQL text and unknown names refused")
    void onlyTheConfiguredFiles() throws Exception {
        String extra = ", \"other-file\": \"SELECT * FROM read_csv('" + dir.resolve("secret.csv") + "')\""
                + ", \"export\": \"SELECT * FROM sales\"";
        try (TestModuleContext context = new TestModuleContext("sales-files", List.of("duck-rows", "duck-sum"), section(extra),
                dir);
             DuckDbUnit unit = (DuckDbUnit) new DuckDbModule().create(context);
             InProcessEngine engine = InProcessEngine.start(List.of(unit))) {
            ExecuteResponse other = run(engine, "duck-rows", "query", "other-file");
            assertThat(other.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(other.getError()).startsWith("QUERY_FAILED:").doesNotContain("hunter2");
            assertThat(run(engine, "duck-rows", "query", "SELECT * FROM sales").getError())
                    .startsWith("SQL_TEXT_REFUSED:");
            assertThat(run(engine, "duck-rows", "query", "nope").getError()).startsWith("UNKNOWN_QUERY:");
            // the catalogue is open read-only: no write of any kind gets through
            try (Connection c = DriverManager.getConnection(
                    "jdbc:duckdb:" + dir.resolve("catalogue").resolve("weft-sales-files.duckdb"), readOnly());
                 Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("CREATE TABLE stolen AS SELECT * FROM sales"))
                        .isInstanceOf(java.sql.SQLException.class);
            }
        }
        try (TestModuleContext missing = new TestModuleContext("sales-files", List.of("duck-rows"),
                "{\"tables\": {\"sales\": {\"path\": \"gone.csv\"}}, \"queries\": {\"a\": \"SELECT 1\"}}", dir)) {
            assertThatThrownBy(() -> new DuckDbModule().create(missing)).hasMessageContaining("gone.csv");
        }
    }

    private static java.util.Properties readOnly() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("duckdb.read_only", "true");
        return p;
    }
}
