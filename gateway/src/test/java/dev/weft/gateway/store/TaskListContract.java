package dev.weft.gateway.store;

import static dev.weft.gateway.store.Fixtures.T0;
import static dev.weft.gateway.store.Fixtures.entry;
import static dev.weft.gateway.store.Fixtures.event;
import static dev.weft.gateway.store.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.proto.task.v1.ReadySubtask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperledger.fabric.client.Checkpointer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The task list (S0.1) and its atomic write with the event checkpoint (S0.3). */
abstract class TaskListContract extends StoreContract {

    @Test
    @DisplayName("S0.1 taken subtasks are listed by block, then creation, and survive a restart")
    void listsByBlockThenCreation() {
        TaskEntry late = entry(key("c"), 7, T0);
        TaskEntry earlyOld = entry(key("b"), 5, T0);
        TaskEntry earlyNew = entry(key("a"), 5, T0.plusSeconds(1));
        store.recordTasks(List.of(late), event(7, "tx7"));
        store.recordTasks(List.of(earlyNew, earlyOld), event(5, "tx5"));

        assertThat(store.taskList()).containsExactly(earlyOld, earlyNew, late);
        assertThat(reopen().taskList()).containsExactly(earlyOld, earlyNew, late);
        assertThat(store.task(key("a"))).contains(earlyNew);
        assertThat(store.task(key("zzz"))).isEmpty();
    }

    @Test
    @DisplayName("S0.1 recording is insert-if-absent: a redelivered event neither duplicates nor resets an entry")
    void insertIfAbsent() {
        TaskEntry a = entry("a", 3);
        TaskEntry b = entry("b", 3);
        assertThat(store.recordTasks(List.of(a), event(3, "tx3"))).containsExactly(a);
        store.markResend(a.key());

        List<TaskEntry> second = store.recordTasks(List.of(a, b), event(3, "tx3"));

        assertThat(second).containsExactly(b);
        assertThat(store.taskList()).hasSize(2);
        assertThat(store.task(a.key()).orElseThrow().sendMode()).as("not reset").isEqualTo(SendMode.RESEND);
    }

    @Test
    @DisplayName("S0.8 a first-send entry keeps its subtask; resend flips the flag across a reopen")
    void resendFlipsTheFlag() throws Exception {
        TaskEntry a = entry("a", 3);
        store.recordTasks(List.of(a), event(3, "tx3"));
        TaskEntry stored = store.task(a.key()).orElseThrow();
        assertThat(stored.sendMode()).isEqualTo(SendMode.FIRST_SEND);
        assertThat(ReadySubtask.parseFrom(stored.subtask()).getParametersMap()).containsEntry("scale", "2");

        assertThat(store.markResend(a.key())).isTrue();
        TaskEntry resend = reopen().task(a.key()).orElseThrow();
        assertThat(resend.sendMode()).isEqualTo(SendMode.RESEND);
        assertThat(resend.subtask()).isEqualTo(a.subtask());
        assertThat(resend.createdAt()).isEqualTo(a.createdAt());
        assertThat(resend.updatedAt()).isAfterOrEqualTo(a.createdAt());

        assertThat(store.markResend(key("missing"))).isFalse();
    }

    @Test
    @DisplayName("S0.1/S0.3 an entry failing mid-transaction rolls back the other entries and the checkpoint")
    void failingEntryRollsBackEverything() throws Exception {
        store.recordTasks(List.of(entry("a", 5)), event(5, "tx5"));
        backend.failTaskInserts("poison");

        assertThatThrownBy(() -> store.recordTasks(
                List.of(entry("b", 6), entry("poison", 6), entry("c", 6)), event(6, "tx6")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("injected failure");

        assertThat(store.taskList()).extracting(e -> e.key().taskId()).containsExactly("a");
        Checkpointer checkpoint = store.checkpointer(GatewayStore.GATEWAY_EVENTS);
        assertThat(checkpoint.getBlockNumber()).isEqualTo(OptionalLong.of(5));
        assertThat(checkpoint.getTransactionId()).contains("tx5");

        // The store is still usable after the rollback.
        store.recordTasks(List.of(entry("d", 6)), event(6, "tx6"));
        assertThat(store.taskList()).hasSize(2);
    }

    @Test
    @DisplayName("S0.1/S0.3 a checkpoint that cannot be written rolls back the entries taken with it")
    void failingCheckpointRollsBackEntries() {
        backend.failCheckpointWrites();

        assertThatThrownBy(() -> store.recordTasks(List.of(entry("a", 5), entry("b", 5)), event(5, "tx5")))
                .isInstanceOf(StoreException.class);

        assertThat(store.taskList()).isEmpty();
        assertThat(store.checkpointer(GatewayStore.GATEWAY_EVENTS).getBlockNumber()).isEmpty();
    }

    @Test
    @DisplayName("S0.3 recording advances the checkpoint, never back to an earlier block, and not without an event")
    void recordingAdvancesCheckpointForwardOnly() {
        Checkpointer checkpoint = store.checkpointer(GatewayStore.GATEWAY_EVENTS);
        store.recordTasks(List.of(entry("a", 8)), event(8, "tx8"));
        assertThat(checkpoint.getBlockNumber()).isEqualTo(OptionalLong.of(8));
        assertThat(checkpoint.getTransactionId()).contains("tx8");

        store.recordTasks(List.of(entry("b", 4)), event(4, "tx4"));
        store.recordTasks(List.of(entry("c", 2)), null);

        assertThat(checkpoint.getBlockNumber()).isEqualTo(OptionalLong.of(8));
        assertThat(checkpoint.getTransactionId()).contains("tx8");
        assertThat(store.taskList()).hasSize(3);
    }

    @Test
    @DisplayName("S0.1 concurrent workers record overlapping entries: each is stored and reported taken exactly once")
    void concurrentWorkers() throws Exception {
        int workers = 6;
        int keys = 40;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<List<TaskEntry>>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    List<TaskEntry> taken = new ArrayList<>();
                    for (int i = 0; i < keys; i++) {
                        taken.addAll(store.recordTasks(List.of(entry("t" + i, i)), event(i, "tx" + i)));
                    }
                    return taken;
                }));
            }
            List<String> reported = Collections.synchronizedList(new ArrayList<>());
            for (Future<List<TaskEntry>> future : futures) {
                future.get().forEach(e -> reported.add(e.key().taskId()));
            }
            assertThat(reported).hasSize(keys).doesNotHaveDuplicates();
            assertThat(store.taskList()).hasSize(keys);
        } finally {
            pool.shutdownNow();
        }
    }
}
