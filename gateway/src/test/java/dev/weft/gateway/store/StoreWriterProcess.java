package dev.weft.gateway.store;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The child JVM of {@link StoreHardKillTest}: writes task entries (with their
 * checkpoint) and results as fast as it can, reporting each subtask on stdout
 * only after both of its writes committed, until it is killed.
 */
public final class StoreWriterProcess {
    private StoreWriterProcess() {
    }

    public static void main(String[] args) {
        // stdout is the protocol with the parent test, not logging.
        PrintStream protocol = System.out;
        try (GatewayStore store = GatewayStore.openSqlite(Path.of(args[0]))) {
            for (long i = 1; ; i++) {
                TaskKey key = new TaskKey("task-" + i, "s1", 0);
                store.recordTasks(List.of(Fixtures.entry(key, i, Instant.now())), Fixtures.event(i, "tx" + i));
                store.recordResult(Fixtures.result(key, value(i), Instant.now()));
                protocol.println("COMMITTED " + i);
                protocol.flush();
            }
        }
    }

    static byte[] value(long i) {
        return ByteBuffer.allocate(Long.BYTES).putLong(i).array();
    }
}
