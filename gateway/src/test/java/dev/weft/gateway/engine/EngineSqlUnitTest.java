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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("S1.6 sql unit: read-only parameterised queries over the organisation's local database")
class EngineSqlUnitTest {
    @TempDir Path data;
    LocalDatabase database;
    InProcessEngine engine;

    @BeforeEach
    void start() {
        database = LocalDatabase.open(LocalDatabase.Settings.embedded(data.resolve("db")));
        DemoData.seed(database, "Org1MSP");
        engine = InProcessEngine.start(List.of(new SqlUnit(database)));
    }

    @AfterEach
    void stop() {
        engine.close();
        database.close();
    }

    private ExecuteResponse query(String sql, String... args) {
        var request = request("sql").putParameters("query", sql);
        for (int i = 0; i < args.length; i++) {
            request.putParameters("arg." + (i + 1), args[i]);
        }
        return engine.client().execute(request.build());
    }

    @Test
    @DisplayName("S1.6 returns the rows as canonical JSON with lower-case column names")
    void returnsRowsAsCanonicalJson() {
        ExecuteResponse r = query("SELECT region, amount FROM sales WHERE amount >= ? ORDER BY id", "175");
        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getValue().toStringUtf8()).isEqualTo(
                "{\"columns\":[\"region\",\"amount\"],\"rows\":[[\"east\",175],[\"west\",200],[\"central\",225]]}");
        assertThat(r.getDigest()).isEqualTo(Digests.sha256Hex(r.getValue().toByteArray()));
    }

    @Test
    void convertsColumnTypesDeterministically() {
        ExecuteResponse r = query("SELECT CAST(0.1 AS REAL) AS f, CAST(2.50 AS DOUBLE PRECISION) AS d, TRUE AS b,"
                + " DATE '2024-01-02' AS dt, TIMESTAMP '2024-01-02 03:04:05' AS ts, NULL AS n, X'0102' AS bin,"
                + " CAST(12345678901234567890 AS NUMERIC(20)) AS big");
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
    @DisplayName("S1.6 refuses anything but a read-only query, before it reaches the database")
    void refusesStatementsThatAreNotQueries(String sql) {
        ExecuteResponse r = query(sql);
        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isFalse();
        assertThat(r.getError()).containsAnyOf("only read-only queries", "may not use", "only one SQL statement");
        assertThat(query("SELECT COUNT(*) FROM sales").getValue().toStringUtf8()).contains("[[5]]");
    }

    @Test
    @DisplayName("S1.6 the embedded database answers as a read-only user: side-effect functions are refused")
    void readerCannotWriteFilesOrData() throws Exception {
        Path target = data.resolve("stolen.csv");
        ExecuteResponse csv = query("SELECT CSVWRITE(?, 'SELECT * FROM sales')", target.toString());
        ExecuteResponse file = query("SELECT FILE_WRITE('x', ?)", target.toString());
        ExecuteResponse read = query("SELECT FILE_READ(?)", data.resolve("db/engine.mv.db").toString());
        assertThat(List.of(csv, file, read)).allSatisfy(r -> {
            assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(r.getError()).startsWith("query failed:");
        });
        assertThat(Files.exists(target)).isFalse();
        assertThat(query("SELECT COUNT(*) FROM sales").getValue().toStringUtf8()).contains("[[5]]");
    }

    @Test
    void wrongQueriesAndTooManyRowsFailTheTask() {
        assertThat(query("SELECT nope FROM sales").getError()).contains("query failed");
        ExecuteResponse tooMany = engine.client().execute(request("sql")
                .putParameters("query", "SELECT * FROM sales").putParameters("max-rows", "3").build());
        assertThat(tooMany.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(tooMany.getError()).contains("more than 3 rows");
        assertThat(query("SELECT 'it''s; fine -- really' AS s").getValue().toStringUtf8())
                .isEqualTo("{\"columns\":[\"s\"],\"rows\":[[\"it's; fine -- really\"]]}");
    }

    @Test
    @DisplayName("S1.6 any JDBC database by URL (here SQLite)")
    void queriesAnyJdbcDatabase() throws Exception {
        String url = "jdbc:sqlite:" + data.resolve("other.sqlite");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales (region TEXT, amount NUMERIC)");
            s.execute("INSERT INTO sales VALUES ('north', 10.5), ('south', 4)");
        }
        try (LocalDatabase sqlite = LocalDatabase.open(LocalDatabase.Settings.jdbc(url, null, null));
                InProcessEngine other = InProcessEngine.start(BuiltinUnits.create(BuiltinUnits.ALL, sqlite))) {
            ExecuteResponse rows = other.client().execute(request("sql")
                    .putParameters("query", "SELECT region, amount FROM sales ORDER BY region").build());
            assertThat(rows.getValue().toStringUtf8())
                    .isEqualTo("{\"columns\":[\"region\",\"amount\"],\"rows\":[[\"north\",10.5],[\"south\",4]]}");
            ExecuteResponse sum = other.client().execute(request("sum")
                    .putParameters("query", "SELECT amount FROM sales").build());
            assertThat(sum.getValue().toStringUtf8()).contains("\"value\":14.5");
        }
    }

    @Test
    @DisplayName("S0.10 a database that cannot be reached makes the sql unit unavailable (S0.9 reschedule)")
    void unreachableDatabaseMakesTheUnitUnavailable() {
        try (LocalDatabase down = LocalDatabase.open(
                        LocalDatabase.Settings.jdbc("jdbc:postgresql://127.0.0.1:1/none", "u", "p"));
                InProcessEngine other = InProcessEngine.start(List.of(new SqlUnit(down)))) {
            assertThat(other.client().health().getUnits(0).getAvailable()).isFalse();
            assertThatThrownBy(() -> other.client().execute(request("sql").putParameters("query", "SELECT 1").build()))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.reason()).isEqualTo(EngineException.Reason.UNIT_UNAVAILABLE));
        }
    }

    @Test
    @DisplayName("S1.6 demo data is the same on every seed, per organisation number")
    void demoSeedIsDeterministicAndIdempotent() {
        DemoData.seed(database, "org1");
        ExecuteResponse r = query("SELECT id, region, amount FROM sales ORDER BY id");
        assertThat(r.getValue().toStringUtf8()).isEqualTo("{\"columns\":[\"id\",\"region\",\"amount\"],\"rows\":"
                + "[[1,\"north\",125],[2,\"south\",150],[3,\"east\",175],[4,\"west\",200],[5,\"central\",225]]}");
        assertThatThrownBy(() -> DemoData.seed(database, "orgless")).isInstanceOf(IllegalArgumentException.class);
    }
}
