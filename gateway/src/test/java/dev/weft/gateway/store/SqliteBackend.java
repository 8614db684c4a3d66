package dev.weft.gateway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The embedded SQLite store in a data folder; failures injected with triggers. */
final class SqliteBackend implements StoreBackend {
    private final Path dataDir;

    SqliteBackend(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public GatewayStore open() {
        return GatewayStore.openSqlite(dataDir);
    }

    @Override
    public void failTaskInserts(String taskId) {
        execute("CREATE TRIGGER test_fail_task BEFORE INSERT ON task_list WHEN NEW.task_id = '" + taskId + "'"
                + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }

    @Override
    public void failCheckpointWrites() {
        execute("CREATE TRIGGER test_fail_cp_insert BEFORE INSERT ON event_checkpoint"
                        + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
                "CREATE TRIGGER test_fail_cp_update BEFORE UPDATE ON event_checkpoint"
                        + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }

    /** Runs SQL on a connection of its own, beside the store's. */
    void execute(String... sql) {
        try (Connection connection = DriverManager.getConnection(GatewayStore.sqliteUrl(dataDir));
             Statement statement = connection.createStatement()) {
            for (String one : sql) {
                statement.execute(one);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
