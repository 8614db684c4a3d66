package dev.weft.gateway.store;

import static dev.weft.gateway.store.Fixtures.entry;
import static dev.weft.gateway.store.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the embedded store: schema migrations, durability settings, URLs. */
class SqliteStoreMigrationTest {
    @TempDir
    Path tempDir;

    @Test
    @DisplayName("S0.1 migrations build the schema in a fresh data folder and are a no-op on reopen")
    void migratesOnceAndKeepsData() throws SQLException {
        Path dataDir = tempDir.resolve("new").resolve("data");
        try (GatewayStore store = GatewayStore.openSqlite(dataDir)) {
            store.recordTasks(List.of(entry("a", 1)), event(1, "tx1"));
        }
        assertThat(query(dataDir, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .contains("dead_letter", "event_checkpoint", "result_list", "task_list",
                        Migrations.HISTORY_TABLE);
        List<String> history = query(dataDir,
                "SELECT version || ':' || success FROM " + Migrations.HISTORY_TABLE + " ORDER BY installed_rank");

        try (GatewayStore store = GatewayStore.openSqlite(dataDir)) {
            assertThat(store.taskList()).hasSize(1);
        }
        assertThat(query(dataDir,
                "SELECT version || ':' || success FROM " + Migrations.HISTORY_TABLE + " ORDER BY installed_rank"))
                .isEqualTo(history)
                .containsExactly("1:1", "2:1", "3:1");
    }

    @Test
    @DisplayName("S0.1 schema 3 converts a task list of schema 2 (five JSON columns) into one ReadySubtask value each")
    void schemaThreeConvertsEntriesInPlace() throws Exception {
        Path dataDir = tempDir.resolve("old").resolve("data");
        java.nio.file.Files.createDirectories(dataDir);
        String url = GatewayStore.sqliteUrl(dataDir);
        org.flywaydb.core.Flyway.configure().dataSource(Vendor.SQLITE.dataSource(url, null, null))
                .locations(Migrations.LOCATION).table(Migrations.HISTORY_TABLE)
                .placeholders(Vendor.SQLITE.placeholders()).target("2").load().migrate();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO task_list (task_id, subtask_id, attempt, operation, parameters_json, "
                    + "inputs_json, participants_json, send_mode, state, engine, unit, block_number, created_at, "
                    + "updated_at, collaborative) VALUES ('t1', 'total', 2, 'exchange.private-sum', "
                    + "'{\"region\":\"north\"}', '[{\"name\":\"result:a/Org1MSP\",\"digest\":\"ab12\"}]', "
                    + "'[\"Org1MSP\",\"Org2MSP\"]', 'RESEND', 'TAKEN', NULL, NULL, 7, 1000, 2000, 1)");
            statement.execute("INSERT INTO result_list (task_id, subtask_id, attempt, digest, result_value, unit, "
                    + "created_at, submitted_tx_id) VALUES ('t1', 'total', 2, 'd', X'01', 'u', 1000, 'tx')");
        }

        try (GatewayStore store = GatewayStore.openSqlite(dataDir)) {
            TaskEntry entry = store.taskList().get(0);
            assertThat(entry.key()).isEqualTo(new TaskKey("t1", "total", 2));
            assertThat(entry.sendMode()).isEqualTo(SendMode.RESEND);
            assertThat(entry.blockNumber()).isEqualTo(7);
            dev.weft.proto.task.v1.ReadySubtask s = dev.weft.proto.task.v1.ReadySubtask.parseFrom(entry.subtask());
            assertThat(s.getTaskId()).isEqualTo("t1");
            assertThat(s.getAttempt()).isEqualTo(2);
            assertThat(s.getOperation()).isEqualTo("exchange.private-sum");
            assertThat(s.getParametersMap()).containsExactly(java.util.Map.entry("region", "north"));
            assertThat(s.getInputs(0).getName()).isEqualTo("result:a/Org1MSP");
            assertThat(s.getInputs(0).getDigest()).isEqualTo("ab12");
            assertThat(s.getParticipantsList()).containsExactly("Org1MSP", "Org2MSP");
            assertThat(s.getCollaborative()).isTrue();
            assertThat(store.resultList()).extracting(ResultEntry::digest).containsExactly("d");
        }
        assertThat(query(dataDir, "SELECT name FROM pragma_table_info('task_list') ORDER BY cid"))
                .containsExactly("task_id", "subtask_id", "attempt", "send_mode", "block_number", "created_at",
                        "updated_at", "subtask");
    }

    @Test
    @DisplayName("S0.1 the SQLite store uses WAL, synchronous=NORMAL and a busy timeout")
    void durableSettings() throws SQLException {
        Path dataDir = tempDir.resolve("data");
        GatewayStore.openSqlite(dataDir).close();
        assertThat(query(dataDir, "PRAGMA journal_mode")).containsExactly("wal");

        try (Connection connection = Vendor.SQLITE.dataSource(GatewayStore.sqliteUrl(dataDir), null, null)
                .getConnection()) {
            assertThat(pragma(connection, "synchronous")).isEqualTo("1"); // NORMAL: with WAL, durable across a process kill
            assertThat(pragma(connection, "busy_timeout")).isEqualTo(String.valueOf(Vendor.SQLITE_BUSY_TIMEOUT_MILLIS));
        }
    }

    @Test
    @DisplayName("store URLs: in-memory and unknown databases are refused, with passwords masked")
    void refusedUrls() {
        assertThatThrownBy(() -> GatewayStore.open("jdbc:sqlite::memory:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-memory");
        assertThatThrownBy(() -> GatewayStore.open("jdbc:sqlite:file:x.db?mode=memory"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GatewayStore.open("jdbc:mysql://db/weft?user=w&password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://db/weft")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    @DisplayName("passwords in JDBC URLs are masked before they reach a log")
    void masksPasswords() {
        assertThat(JdbcUrls.mask("jdbc:postgresql://weft:s3cret@db:5432/weft?sslpassword=k3y&user=weft"))
                .isEqualTo("jdbc:postgresql://weft:***@db:5432/weft?sslpassword=***&user=weft");
        assertThat(JdbcUrls.mask("jdbc:postgresql://db/weft?user=weft&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/weft?user=weft&password=***&ssl=true");
        assertThat(JdbcUrls.mask("jdbc:sqlite:/var/lib/weft/gateway.db"))
                .isEqualTo("jdbc:sqlite:/var/lib/weft/gateway.db");
    }

    private static List<String> query(Path dataDir, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(GatewayStore.sqliteUrl(dataDir));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
