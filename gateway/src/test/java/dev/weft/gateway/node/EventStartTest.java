package dev.weft.gateway.node;

import static dev.weft.gateway.chain.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.chain.EventFloor;
import dev.weft.gateway.store.GatewayStore;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the one event stream starts in a store an earlier version wrote, with a checkpoint per
 * stream (issue 10 item 2): no consumer misses an event, and the intake takes nothing twice.
 */
class EventStartTest {
    @TempDir
    Path dir;
    private GatewayStore store;

    @BeforeEach
    void open() {
        store = GatewayStore.openSqlite(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void checkpoint(String stream, long block, String tx) throws Exception {
        store.checkpointer(stream).checkpointTransaction(block, tx);
    }

    @Test
    @DisplayName("a new store: the stream starts where the gateway was told, with no floor")
    void newStore() {
        EventStart.Plan plan = EventStart.plan(store, 40);
        assertThat(plan.startBlock()).isEqualTo(40);
        assertThat(plan.intakeFloor()).isSameAs(EventFloor.NONE);
    }

    @Test
    @DisplayName("S0.3 an upgraded store without a shared checkpoint starts at the earliest former one; the intake's is its floor")
    void formerStreamsOnly() throws Exception {
        checkpoint(GatewayStore.TASK_EVENTS, 20, "tx20");
        checkpoint("governance-events", 12, "tx12");
        EventStart.Plan plan = EventStart.plan(store, 40);
        assertThat(plan.startBlock()).isEqualTo(12);
        EventFloor floor = plan.intakeFloor();
        assertThat(floor.behind(event(19, "tx19"))).isTrue();
        assertThat(floor.behind(event(20, "tx20"))).isTrue();
        assertThat(floor.behind(event(20, "tx21"))).isFalse();
    }

    @Test
    @DisplayName("S0.3 a shared checkpoint behind the intake's stays; the intake skips up to its own")
    void sharedBehindIntake() throws Exception {
        checkpoint(GatewayStore.GATEWAY_EVENTS, 15, "tx15");
        checkpoint(GatewayStore.TASK_EVENTS, 18, "tx18");
        EventStart.Plan plan = EventStart.plan(store, 40);
        assertThat(store.checkpointer(GatewayStore.GATEWAY_EVENTS).getBlockNumber()).isEqualTo(OptionalLong.of(15));
        assertThat(plan.intakeFloor().behind(event(17, "tx17"))).isTrue();
        assertThat(plan.intakeFloor().behind(event(19, "tx19"))).isFalse();
    }

    @Test
    @DisplayName("S0.3 once the shared checkpoint is past the intake's, the floor is empty")
    void sharedPastIntake() throws Exception {
        checkpoint(GatewayStore.TASK_EVENTS, 18, "tx18");
        checkpoint(GatewayStore.GATEWAY_EVENTS, 25, "tx25");
        assertThat(EventStart.plan(store, 40).intakeFloor()).isSameAs(EventFloor.NONE);
        checkpoint(GatewayStore.GATEWAY_EVENTS, 18, "tx18");
        assertThat(EventStart.plan(store, 40).intakeFloor()).as("the very same position").isSameAs(EventFloor.NONE);
    }

    @Test
    @DisplayName("S0.3 both at transactions of one block: the shared stream reads that block again from its start")
    void sameBlockOtherTransaction() throws Exception {
        checkpoint(GatewayStore.TASK_EVENTS, 18, "tx-b");
        checkpoint(GatewayStore.GATEWAY_EVENTS, 18, "tx-a");
        EventStart.Plan plan = EventStart.plan(store, 40);
        var shared = store.checkpointer(GatewayStore.GATEWAY_EVENTS);
        assertThat(shared.getBlockNumber()).isEqualTo(OptionalLong.of(18));
        assertThat(shared.getTransactionId().filter(s -> !s.isEmpty())).isEmpty();
        assertThat(plan.intakeFloor().behind(event(18, "tx-a"))).isTrue();
        assertThat(plan.intakeFloor().behind(event(18, "tx-b"))).isTrue();
        assertThat(plan.intakeFloor().behind(event(18, "tx-c"))).isFalse();
    }
}
