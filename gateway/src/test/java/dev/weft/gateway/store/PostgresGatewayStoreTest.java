package dev.weft.gateway.store;

import static dev.weft.gateway.store.Fixtures.entry;
import static dev.weft.gateway.store.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every store contract on a real PostgreSQL server that the test starts on
 * loopback (one schema per test). Never skipped: without the PostgreSQL server
 * binaries it fails and says what to install ({@link PostgresCluster#INSTALL_HINT}).
 */
@DisplayName("GatewayStore on PostgreSQL")
class PostgresGatewayStoreTest {
    @TempDir
    static Path pgRoot;
    private static PostgresCluster cluster;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        cluster = PostgresCluster.start(pgRoot);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String freshSchemaUrl() throws SQLException {
        String schema = "store_test_" + SCHEMAS.incrementAndGet();
        cluster.createSchema(schema);
        return cluster.url(schema);
    }

    @Test
    @DisplayName("S0.1 migrations apply once on PostgreSQL; reopening keeps the data and migrates nothing")
    void migratesOnce() throws SQLException {
        String url = freshSchemaUrl();
        try (GatewayStore store = GatewayStore.open(url)) {
            store.recordTasks(List.of(entry("a", 1)), event(1, "tx1"));
        }
        try (GatewayStore store = GatewayStore.open(url)) {
            assertThat(store.taskList()).hasSize(1);
        }
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT version, success FROM " + Migrations.HISTORY_TABLE + " ORDER BY installed_rank")) {
            for (String version : new String[] {"1", "2", "3"}) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(version);
                assertThat(rows.getBoolean(2)).isTrue();
            }
            assertThat(rows.next()).as("each migration applied once").isFalse();
        }
    }

    @Test
    @DisplayName("a password in the store URL never reaches the log")
    void passwordNotLogged() throws SQLException {
        String url = freshSchemaUrl() + "&password=hunter2-secret";
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (GatewayStore store = GatewayStore.open(url)) {
            store.deadLetter(DeadLetter.of(event(1, "tx1"), "boom", 1, Fixtures.T0));
        } finally {
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("gateway store open at").doesNotContain("hunter2");
    }

    @Test
    @DisplayName("an unreachable database fails to open with a StoreException and a masked URL")
    void unreachable() {
        assertThatThrownBy(() -> GatewayStore.open(
                "jdbc:postgresql://127.0.0.1:1/weft?user=weft&password=hunter2-secret&connectTimeout=2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/weft")
                .hasMessageNotContaining("hunter2");
    }

    @Nested
    @DisplayName("task list")
    class TaskList extends TaskListContract {
        @Override
        protected StoreBackend newBackend(Path dir) throws SQLException {
            return new PostgresBackend(freshSchemaUrl());
        }
    }

    @Nested
    @DisplayName("checkpoint")
    class Checkpoint extends CheckpointContract {
        @Override
        protected StoreBackend newBackend(Path dir) throws SQLException {
            return new PostgresBackend(freshSchemaUrl());
        }
    }

    @Nested
    @DisplayName("result list")
    class ResultList extends ResultListContract {
        @Override
        protected StoreBackend newBackend(Path dir) throws SQLException {
            return new PostgresBackend(freshSchemaUrl());
        }
    }

    @Nested
    @DisplayName("dead letters")
    class DeadLetters extends DeadLetterContract {
        @Override
        protected StoreBackend newBackend(Path dir) throws SQLException {
            return new PostgresBackend(freshSchemaUrl());
        }
    }
}
