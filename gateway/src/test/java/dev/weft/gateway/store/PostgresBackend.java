package dev.weft.gateway.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The store on a PostgreSQL schema of its own; failures injected with PL/pgSQL triggers. */
final class PostgresBackend implements StoreBackend {
    private static final String FAIL_FUNCTION = "CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger"
            + " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$";

    private final String url;

    PostgresBackend(String url) {
        this.url = url;
    }

    @Override
    public GatewayStore open() {
        return GatewayStore.open(url);
    }

    @Override
    public void failTaskInserts(String taskId) {
        execute(FAIL_FUNCTION, "CREATE TRIGGER test_fail_task BEFORE INSERT ON task_list FOR EACH ROW"
                + " WHEN (NEW.task_id = '" + taskId + "') EXECUTE FUNCTION test_fail()");
    }

    @Override
    public void failCheckpointWrites() {
        execute(FAIL_FUNCTION, "CREATE TRIGGER test_fail_cp BEFORE INSERT OR UPDATE ON event_checkpoint"
                + " FOR EACH ROW EXECUTE FUNCTION test_fail()");
    }

    private void execute(String... sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String one : sql) {
                statement.execute(one);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
