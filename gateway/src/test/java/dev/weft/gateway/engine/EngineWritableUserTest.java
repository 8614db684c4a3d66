package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("issue 9 item 3: an engine refuses a database user that can write")
class EngineWritableUserTest {
    @TempDir Path dir;
    String url;

    /** An H2 database with an owner, a reader that may only SELECT, and a user that may also INSERT. */
    @BeforeEach
    void createDatabase() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("org-db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "OWNER", "owner-pw"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales (id INT PRIMARY KEY, amount DECIMAL(12,2))");
            s.execute("INSERT INTO sales VALUES (1, 10), (2, 32)");
            s.execute("CREATE USER READER PASSWORD 'reader-pw'");
            s.execute("GRANT SELECT ON sales TO READER");
            s.execute("CREATE USER CLERK PASSWORD 'clerk-pw'");
            s.execute("GRANT SELECT, INSERT ON sales TO CLERK");
        }
    }

    private LocalDatabase.Settings as(String user, String password) {
        return LocalDatabase.Settings.jdbc(url, user, password)
                .withQueries(NamedQueries.of(Map.of("amounts", "SELECT amount FROM sales")));
    }

    @Test
    @DisplayName("issue 9 item 3: the owner (who can write) is refused at start, naming the rights found")
    void ownerIsRefused() throws Exception {
        assertThatThrownBy(() -> LocalDatabase.open(as("OWNER", "owner-pw")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("can write (INSERT on PUBLIC.SALES, UPDATE on PUBLIC.SALES, DELETE on PUBLIC.SALES,"
                        + " CREATE TABLE)")
                .hasMessageContaining("--allow-writable-user")
                .hasMessageNotContaining("owner-pw");
        try (Connection c = DriverManager.getConnection(url, "OWNER", "owner-pw"); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM sales")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the probes changed no row").isEqualTo(2);
        }
        try (Connection c = DriverManager.getConnection(url, "OWNER", "owner-pw");
                ResultSet tables = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            assertThat(tables.next()).isTrue();
            assertThat(tables.getString("TABLE_NAME")).isEqualTo("SALES");
            assertThat(tables.next()).as("the probe table was dropped").isFalse();
        }
    }

    @Test
    @DisplayName("issue 9 item 3: a user granted INSERT alone is refused too")
    void aUserThatMayInsertIsRefused() {
        assertThatThrownBy(() -> LocalDatabase.open(as("CLERK", "clerk-pw")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("can write (INSERT on PUBLIC.SALES)");
    }

    @Test
    @DisplayName("issue 9 item 3: a user that may only read starts and runs the named queries")
    void aReaderStarts() {
        try (LocalDatabase db = LocalDatabase.open(as("READER", "reader-pw"));
                InProcessEngine engine = InProcessEngine.start(BuiltinUnits.create(BuiltinUnits.ALL, db))) {
            var sum = engine.client().execute(request("sum").putParameters("query", "amounts").build());
            assertThat(sum.getValue().toStringUtf8()).contains("\"value\":42");
        }
    }

    @Test
    @DisplayName("issue 9 item 3: --allow-writable-user accepts a writable user on the organisation's say-so")
    void allowWritableUser() {
        try (LocalDatabase db = LocalDatabase.open(as("OWNER", "owner-pw").allowingWritableUser(true))) {
            assertThat(db.queries().names()).containsExactly("amounts");
        }
    }

    @Test
    @DisplayName("issue 9 item 3: `weft engine serve` with a writable JDBC user does not start")
    void engineServerDoesNotStart() {
        EngineConfiguration config = new EngineConfiguration("Org1MSP", "127.0.0.1", 0, null,
                as("OWNER", "owner-pw"), BuiltinUnits.ALL, null, 1);
        assertThatThrownBy(() -> EngineServer.start(config)).hasMessageContaining("can write");
        assertThat(List.of(config.units())).isNotEmpty();
    }
}
