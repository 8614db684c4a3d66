package dev.weft.gateway.store;

import static dev.weft.gateway.store.Fixtures.entry;
import static dev.weft.gateway.store.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.hyperledger.fabric.client.Checkpointer;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The event checkpoint (S0.3), held to the behaviour of fabric-gateway's own FileCheckpointer. */
abstract class CheckpointContract extends StoreContract {

    /** One step applied to both checkpointers. */
    private interface Step {
        void apply(Checkpointer checkpointer) throws IOException;
    }

    @Test
    @DisplayName("S0.3 a fresh checkpoint is empty, like a fresh FileCheckpointer")
    void freshIsEmpty() throws IOException {
        Checkpointer ours = store.checkpointer("events");
        try (FileCheckpointer file = new FileCheckpointer(tempDir.resolve("fresh.json"))) {
            assertThat(ours.getBlockNumber()).isEqualTo(file.getBlockNumber()).isEqualTo(OptionalLong.empty());
            assertThat(ours.getTransactionId()).isEqualTo(file.getTransactionId()).isEmpty();
        }
    }

    @Test
    @DisplayName("S0.3 every checkpoint call leaves the same position as FileCheckpointer, also after reopening")
    void matchesFileCheckpointer() throws IOException {
        Path path = tempDir.resolve("checkpoint.json");
        List<Step> steps = List.of(
                cp -> cp.checkpointBlock(3),
                cp -> cp.checkpointTransaction(4, "txA"),
                cp -> cp.checkpointChaincodeEvent(event(4, "txB")),
                cp -> cp.checkpointBlock(4),
                cp -> cp.checkpointChaincodeEvent(event(9, "txC")),
                cp -> cp.checkpointBlock(0));
        Checkpointer ours = store.checkpointer("events");
        try (FileCheckpointer file = new FileCheckpointer(path)) {
            for (Step step : steps) {
                step.apply(ours);
                step.apply(file);
                assertThat(ours.getBlockNumber()).isEqualTo(file.getBlockNumber());
                assertThat(ours.getTransactionId()).isEqualTo(file.getTransactionId());
            }
            file.checkpointChaincodeEvent(event(12, "txD"));
            ours.checkpointChaincodeEvent(event(12, "txD"));
        }
        Checkpointer reopened = reopen().checkpointer("events");
        try (FileCheckpointer file = new FileCheckpointer(path)) {
            assertThat(reopened.getBlockNumber()).isEqualTo(file.getBlockNumber()).isEqualTo(OptionalLong.of(12));
            assertThat(reopened.getTransactionId()).isEqualTo(file.getTransactionId()).contains("txD");
        }
    }

    @Test
    @DisplayName("S0.3 streams keep separate checkpoints")
    void streamsAreIndependent() throws IOException {
        store.checkpointer("a").checkpointBlock(10);
        store.checkpointer("b").checkpointChaincodeEvent(event(3, "tx3"));

        assertThat(store.checkpointer("a").getBlockNumber()).isEqualTo(OptionalLong.of(11));
        assertThat(store.checkpointer("a").getTransactionId()).isEmpty();
        assertThat(store.checkpointer("b").getBlockNumber()).isEqualTo(OptionalLong.of(3));
        assertThat(store.checkpointer("b").getTransactionId()).contains("tx3");
        assertThat(store.checkpointer("c").getBlockNumber()).isEmpty();
    }

    @Test
    @DisplayName("S0.3 the stream's checkpointer sees what recordTasks wrote, and can move on from it")
    void checkpointerSeesRecordTasks() throws IOException {
        Checkpointer checkpoint = store.checkpointer(GatewayStore.GATEWAY_EVENTS);
        store.recordTasks(List.of(entry("a", 6)), event(6, "tx6"));
        assertThat(checkpoint.getBlockNumber()).isEqualTo(OptionalLong.of(6));
        assertThat(checkpoint.getTransactionId()).contains("tx6");

        checkpoint.checkpointChaincodeEvent(event(7, "tx7"));   // an event for another organisation
        store.recordTasks(List.of(entry("b", 9)), event(9, "tx9"));
        store.recordTasks(List.of(entry("c", 5)), event(5, "tx5")); // a late replay never moves it back

        assertThat(reopen().checkpointer(GatewayStore.GATEWAY_EVENTS).getBlockNumber()).isEqualTo(OptionalLong.of(9));
        assertThat(store.checkpointer(GatewayStore.GATEWAY_EVENTS).getTransactionId()).contains("tx9");
    }
}
