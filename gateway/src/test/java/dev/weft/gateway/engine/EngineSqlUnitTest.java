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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("S1.6 sql unit: the organisation's named, parameterised queries over its local database")
class EngineSqlUnitTest {
    /** The organisation's own configuration: the only SQL its engine runs. */
    static final Map<String, String> QUERIES = Map.of(
            "rows-from", "SELECT region, amount FROM sales WHERE amount >= ? ORDER BY id",
            "types", "SELECT CAST(0.1 AS REAL) AS f, CAST(2.50 AS DOUBLE PRECISION) AS d, TRUE AS b,"
                    + " DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05' AS ts, NULL AS n, X'0102' AS bin,"
                    + " CAST(12345678901234567890 AS NUMERIC(20)) AS big",
            "count", "SELECT COUNT(*) FROM sales",
            "all", "SELECT * FROM sales",
            "nope", "SELECT nope FROM sales",
            "literal", "SELECT 'it''s; fine -- really?' AS s",
            "by-id", "SELECT id, region, amount FROM sales ORDER BY id",
            "csv-write", "SELECT CSVWRITE(?, 'SELECT * FROM sales')",
            "file-write", "SELECT FILE_WRITE('x', ?)",
            "file-read", "SELECT FILE_READ(?)");

    @TempDir Path data;
    LocalDatabase database;
    InProcessEngine engine;

    @BeforeEach
    void start() {
        database = LocalDatabase.open(LocalDatabase.Settings.embedded(data.resolve("db"))
                .withQueries(NamedQueries.of(QUERIES)));
        DemoData.seed(database, "Org1MSP");
        engine = InProcessEngine.start(List.of(new SqlUnit(database)));
    }

    @AfterEach
    void stop() {
        engine.close();
        database.close();
    }

    private ExecuteResponse query(String name, String... args) {
        var request = request("sql").putParameters("query", name);
        for (int i = 0; i < args.length; i++) {
            request.putParameters("arg." + (i + 1), args[i]);
        }
        return engine.client().execute(request.build());
    }

    @Test
    @DisplayName("S1.6 returns the rows as canonical JSON with lower-case column names")
    void returnsRowsAsCanonicalJson() {
        ExecuteResponse r = query("rows-from", "175");
        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getValue().toStringUtf8()).isEqualTo(
                "{\"columns\":[\"region\",\"amount\"],\"rows\":[[\"east\",175],[\"west\",200],[\"central\",225]]}");
        assertThat(r.getDigest()).isEqualTo(Digests.sha256Hex(r.getValue().toByteArray()));
    }

    @Test
    void convertsColumnTypesDeterministically() {
        ExecuteResponse r = query("types");
        assertThat(r.getValue().toStringUtf8()).isEqualTo("{\"columns\":[\"f\",\"d\",\"b\",\"dt\",\"ts\",\"n\","
                + "\"bin\",\"big\"],\"rows\":[[0.1,2.5,true,\"2024-01-02\",\"2024-01-02T03:04:05\",null,\"AQI=\","
                + "12345678901234567890]]}");
    }

    @ParameterizedTest(name = "refuses: {0}")
    @ValueSource(strings = {
        "INSERT INTO sales VALUES (9, 'x', 1)",
        "UPDATE sales SET amount = 0",
        "DELETE FROM sales",
        "DROP TABLE sales",
        "CREATE TABLE t (x INT)",
        "SELECT 1; DROP TABLE sales",
        "WITH d AS (DELETE FROM sales RETURNING *) SELECT * FROM d",
        "SELECT * INTO copy FROM sales",
        "  /* hello */ -- comment\n MERGE INTO sales KEY (id) VALUES (1, 'x', 0)",
        "CALL 1",
        "SHUTDOWN"})
    @DisplayName("S1.6 an organisation cannot configure anything but one read-only query")
    void refusesStatementsThatAreNotQueries(String sql) {
        assertThatThrownBy(() -> NamedQueries.of(Map.of("bad", sql)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query bad: ")
                .message().containsAnyOf("only read-only queries", "may not use", "only one SQL statement");
    }

    @ParameterizedTest(name = "refuses: {0}")
    @ValueSource(strings = {"SELECT amount * 1000 AS amount FROM sales", "SELECT * FROM sales", "DROP TABLE sales",
        "count; DROP TABLE sales", "count --", ""})
    @DisplayName("issue 9 item 3: a task cannot carry SQL text: anything but a query's name is SQL_TEXT_REFUSED")
    void refusesSqlTextFromTheChain(String text) {
        ExecuteResponse r = query(text);
        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isFalse();
        assertThat(r.getError()).startsWith(text.isEmpty() ? "operation 'sql' needs parameter 'query'"
                : "SQL_TEXT_REFUSED: ").doesNotContain("SELECT").doesNotContain("sales");
        assertThat(query("count").getValue().toStringUtf8()).contains("[[5]]");
    }

    @Test
    @DisplayName("issue 9 item 3: a name the engine has not configured is UNKNOWN_QUERY; arguments must match")
    void unknownNamesAndWrongArgumentCounts() {
        assertThat(query("sales-amounts").getError()).isEqualTo("UNKNOWN_QUERY: this engine has no named query "
                + "'sales-amounts'");
        assertThat(query("rows-from").getError()).startsWith("BAD_ARGUMENTS: named query 'rows-from' takes 1");
        assertThat(query("count", "1").getError()).startsWith("BAD_ARGUMENTS: named query 'count' takes 0");
        // arguments are bound, never spliced: SQL in an argument is a string to compare
        ExecuteResponse bound = query("rows-from", "0 OR 1=1; DROP TABLE sales");
        assertThat(bound.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(bound.getError()).startsWith("QUERY_FAILED: named query 'rows-from' failed (SQLState ");
        assertThat(query("count").getValue().toStringUtf8()).contains("[[5]]");
    }

    @Test
    @DisplayName("issue 9 item 3: max-rows and timeout-seconds have upper bounds")
    void limitsHaveUpperBounds() {
        for (String[] p : new String[][] {{"max-rows", "100001"}, {"max-rows", "0"}, {"timeout-seconds", "301"},
            {"timeout-seconds", "x"}}) {
            ExecuteResponse r = engine.client().execute(request("sql").putParameters("query", "count")
                    .putParameters(p[0], p[1]).build());
            assertThat(r.getError()).as(p[0] + "=" + p[1]).startsWith("OUT_OF_BOUNDS: parameter '" + p[0] + "'");
        }
        ExecuteResponse atLimit = engine.client().execute(request("sql").putParameters("query", "count")
                .putParameters("max-rows", "100000").putParameters("timeout-seconds", "300").build());
        assertThat(atLimit.getState()).isEqualTo(ExecutionState.SUCCEEDED);
    }

    @Test
    @DisplayName("S1.6 the embedded database answers as a read-only user: side-effect functions are refused")
    void readerCannotWriteFilesOrData() throws Exception {
        Path target = data.resolve("stolen.csv");
        ExecuteResponse csv = query("csv-write", target.toString());
        ExecuteResponse file = query("file-write", target.toString());
        ExecuteResponse read = query("file-read", data.resolve("db/engine.mv.db").toString());
        assertThat(List.of(csv, file, read)).allSatisfy(r -> {
            assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(r.getError()).startsWith("QUERY_FAILED: named query '");
        });
        assertThat(Files.exists(target)).isFalse();
        assertThat(query("count").getValue().toStringUtf8()).contains("[[5]]");
    }

    @Test
    @DisplayName("issue 9 item 3: the database's error text stays local; the chain gets a code, the name, the SQLState")
    void wrongQueriesAndTooManyRowsFailTheTask() {
        ExecuteResponse wrong = query("nope");
        assertThat(wrong.getError()).isEqualTo("QUERY_FAILED: named query 'nope' failed (SQLState 42S22); the "
                + "engine's log has the database's message");
        ExecuteResponse tooMany = engine.client().execute(request("sql")
                .putParameters("query", "all").putParameters("max-rows", "3").build());
        assertThat(tooMany.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(tooMany.getError()).startsWith("TOO_MANY_ROWS: ").contains("more than 3 rows");
        assertThat(query("literal").getValue().toStringUtf8())
                .isEqualTo("{\"columns\":[\"s\"],\"rows\":[[\"it's; fine -- really?\"]]}");
    }

    @Test
    @DisplayName("S1.6 any JDBC database by URL (here SQLite)")
    void queriesAnyJdbcDatabase() throws Exception {
        String url = "jdbc:sqlite:" + data.resolve("other.sqlite");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales (region TEXT, amount NUMERIC)");
            s.execute("INSERT INTO sales VALUES ('north', 10.5), ('south', 4)");
        }
        NamedQueries queries = NamedQueries.of(Map.of("rows", "SELECT region, amount FROM sales ORDER BY region",
                "amounts", "SELECT amount FROM sales"));
        // SQLite has no users: whoever opens a writable file can write, so the organisation says it accepts that
        try (LocalDatabase sqlite = LocalDatabase.open(LocalDatabase.Settings.jdbc(url, null, null)
                        .withQueries(queries).allowingWritableUser(true));
                InProcessEngine other = InProcessEngine.start(BuiltinUnits.create(BuiltinUnits.ALL, sqlite))) {
            ExecuteResponse rows = other.client().execute(request("sql")
                    .putParameters("query", "rows").build());
            assertThat(rows.getValue().toStringUtf8())
                    .isEqualTo("{\"columns\":[\"region\",\"amount\"],\"rows\":[[\"north\",10.5],[\"south\",4]]}");
            ExecuteResponse sum = other.client().execute(request("sum")
                    .putParameters("query", "amounts").build());
            assertThat(sum.getValue().toStringUtf8()).contains("\"value\":14.5");
        }
    }

    @Test
    @DisplayName("S0.10 a database that cannot be reached makes the sql unit unavailable (S0.9 reschedule)")
    void unreachableDatabaseMakesTheUnitUnavailable() {
        try (LocalDatabase down = LocalDatabase.open(
                        LocalDatabase.Settings.jdbc("jdbc:postgresql://127.0.0.1:1/none", "u", "p")
                                .withQueries(NamedQueries.of(Map.of("one", "SELECT 1"))));
                InProcessEngine other = InProcessEngine.start(List.of(new SqlUnit(down)))) {
            assertThat(other.client().health().getUnits(0).getAvailable()).isFalse();
            assertThatThrownBy(() -> other.client().execute(request("sql").putParameters("query", "one").build()))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.reason()).isEqualTo(EngineException.Reason.UNIT_UNAVAILABLE));
        }
    }

    @Test
    @DisplayName("S1.6 demo data is the same on every seed, per organisation number")
    void demoSeedIsDeterministicAndIdempotent() {
        DemoData.seed(database, "org1");
        ExecuteResponse r = query("by-id");
        assertThat(r.getValue().toStringUtf8()).isEqualTo("{\"columns\":[\"id\",\"region\",\"amount\"],\"rows\":"
                + "[[1,\"north\",125],[2,\"south\",150],[3,\"east\",175],[4,\"west\",200],[5,\"central\",225]]}");
        assertThatThrownBy(() -> DemoData.seed(database, "orgless")).isInstanceOf(IllegalArgumentException.class);
    }
}
