package dev.weft.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durability of the SQLite store when the gateway's JVM is killed with SIGKILL mid-write. */
class StoreHardKillTest {
    private static final int KILL_AFTER = 100;

    @TempDir
    Path tempDir;

    @Test
    @DisplayName("S0.1/S0.3/S0.11 every entry a writer reported committed survives kill -9 of its JVM")
    void survivesHardKill() throws Exception {
        Path dataDir = tempDir.resolve("data");
        Path childErr = tempDir.resolve("child.err");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                StoreWriterProcess.class.getName(), dataDir.toString())
                .redirectError(childErr.toFile())
                .start();
        CompletableFuture.runAsync(child::destroyForcibly, CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS));

        List<Long> committed = new ArrayList<>();
        try (BufferedReader out = child.inputReader()) {
            String line;
            while ((line = out.readLine()) != null) {
                committed.add(Long.parseLong(line.substring("COMMITTED ".length())));
                if (committed.size() == KILL_AFTER) {
                    // SIGKILL while the writer is mid-stream. Through the handle, because
                    // Process.destroyForcibly() also closes our end of its stdout, and the
                    // lines it printed just before dying must still be read.
                    child.toHandle().destroyForcibly();
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(committed).as("child stderr:%n%s", Files.readString(childErr)).hasSizeGreaterThanOrEqualTo(KILL_AFTER);
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(integrityCheck(dataDir)).isEqualTo("ok");

        try (GatewayStore store = GatewayStore.openSqlite(dataDir)) {
            Set<String> tasks = store.taskList().stream().map(e -> e.key().taskId()).collect(Collectors.toSet());
            List<ResultEntry> results = store.resultList();
            Set<String> resultIds = results.stream().map(r -> r.key().taskId()).collect(Collectors.toSet());
            long last = committed.get(committed.size() - 1);
            for (long i : committed) {
                assertThat(tasks).contains("task-" + i);
                assertThat(resultIds).contains("task-" + i);
            }
            assertThat(results).allSatisfy(r -> assertThat(r.value())
                    .isEqualTo(StoreWriterProcess.value(Long.parseLong(r.key().taskId().substring(5)))));
            // At most the one subtask being written at the kill has its entry but not yet its result.
            assertThat(tasks.size() - resultIds.size()).isBetween(0, 1);
            OptionalLong checkpoint = store.checkpointer(GatewayStore.GATEWAY_EVENTS).getBlockNumber();
            assertThat(checkpoint.orElseThrow()).isGreaterThanOrEqualTo(last);
            assertThat(checkpoint.getAsLong()).isEqualTo(tasks.size());
        }
    }

    private static String integrityCheck(Path dataDir) throws Exception {
        try (Connection connection = DriverManager.getConnection(GatewayStore.sqliteUrl(dataDir));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
