package dev.weft.gateway.store;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** Every store contract on the embedded SQLite store, one fresh data folder per test. */
@DisplayName("GatewayStore on SQLite")
class SqliteGatewayStoreTest {

    @Nested
    @DisplayName("task list")
    class TaskList extends TaskListContract {
        @Override
        protected StoreBackend newBackend(Path dir) {
            return new SqliteBackend(dir.resolve("data"));
        }
    }

    @Nested
    @DisplayName("checkpoint")
    class Checkpoint extends CheckpointContract {
        @Override
        protected StoreBackend newBackend(Path dir) {
            return new SqliteBackend(dir.resolve("data"));
        }
    }

    @Nested
    @DisplayName("result list")
    class ResultList extends ResultListContract {
        @Override
        protected StoreBackend newBackend(Path dir) {
            return new SqliteBackend(dir.resolve("data"));
        }
    }

    @Nested
    @DisplayName("dead letters")
    class DeadLetters extends DeadLetterContract {
        @Override
        protected StoreBackend newBackend(Path dir) {
            return new SqliteBackend(dir.resolve("data"));
        }
    }
}
