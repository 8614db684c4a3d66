package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener with a durable checkpoint, stopped and restarted while new
 * transactions commit, receives every event exactly once (S0.3: what the chain
 * produced while the listener was down is still delivered).
 */
@ExtendWith(RealNetwork.class)
class EventStreamIT {

    @Test
    void s0_3_listenerStoppedAndRestartedReceivesEveryEventExactlyOnce(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("events.checkpoint");
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        Set<String> submitted = new HashSet<>();
        try (ChainClient listenerChain = RealNetwork.client("org1", "User1");
                ChainClient writer = RealNetwork.client("org2", "User1")) {
            long start = writer.submit("system:Ping", "baseline").blockNumber() + 1;

            try (FileCheckpointer cp = new FileCheckpointer(checkpoint);
                    EventStream stream = EventStream.start(() -> listenerChain, start, cp, e -> {
                        if (e.getEventName().equals("weft.ping")) {
                            received.add(e.getTransactionId());
                        }
                    })) {
                for (int i = 0; i < 4; i++) {
                    submitted.add(writer.submit("system:Ping", "before stop " + i).transactionId());
                }
                awaitCount(received, 4);
            }
            assertThat(Files.size(checkpoint)).isPositive();

            for (int i = 0; i < 4; i++) {
                submitted.add(writer.submit("system:Ping", "while stopped " + i).transactionId());
            }

            try (FileCheckpointer cp = new FileCheckpointer(checkpoint);
                    EventStream stream = EventStream.start(() -> listenerChain, start, cp, e -> {
                        if (e.getEventName().equals("weft.ping")) {
                            received.add(e.getTransactionId());
                        }
                    })) {
                for (int i = 0; i < 4; i++) {
                    submitted.add(writer.submit("system:Ping", "after restart " + i).transactionId());
                }
                awaitCount(received, 12);
                Thread.sleep(1500);
            }
        }
        assertThat(received).hasSize(12).doesNotHaveDuplicates();
        assertThat(new HashSet<>(received)).isEqualTo(submitted);
    }

    private static void awaitCount(List<String> received, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(received).as("events received").hasSizeGreaterThanOrEqualTo(n);
    }
}
