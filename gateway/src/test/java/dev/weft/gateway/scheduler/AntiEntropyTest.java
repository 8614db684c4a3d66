package dev.weft.gateway.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.store.DeadLetter;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.task.v1.ReadySubtask;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8: pending work on chain that nothing here holds is taken up on a cadence. */
class AntiEntropyTest {
    private static final String ORG = "Org1MSP";

    @TempDir
    Path dir;
    private GatewayStore store;
    private final FakeChainView chain = new FakeChainView().height(100);

    @BeforeEach
    void open() {
        store = GatewayStore.openSqlite(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ReadySubtask ready(String taskId) {
        return ReadySubtask.newBuilder().setTaskId(taskId).setSubtaskId("s1").setAttempt(1).setOperation("sum")
                .addParticipants(ORG).addParticipants("Org2MSP").build();
    }

    @Test
    @DisplayName("S0.3 issue 8: a READY subtask dropped from the task list is taken up again at the second round")
    void aDroppedEntryHealsWithinTwoRounds() {
        chain.pending(ORG, ready("t1"));
        AntiEntropy anti = new AntiEntropy(ORG, chain, store);
        assertThat(anti.round(k -> false)).isEmpty();
        List<TaskEntry> taken = anti.round(k -> false);
        assertThat(taken).extracting(TaskEntry::key).containsExactly(new TaskKey("t1", "s1", 1));
        assertThat(taken.get(0).blockNumber()).isEqualTo(99);
        assertThat(store.taskList()).extracting(TaskEntry::key).containsExactly(new TaskKey("t1", "s1", 1));
        assertThat(anti.round(k -> false)).as("held now").isEmpty();
    }

    @Test
    @DisplayName("issue 8: work in the task list, being run, or gone from the index between rounds is not taken")
    void heldOrTransientWorkIsNotTaken() {
        store.recordTasks(List.of(TaskEntries.taken(ready("t1"), 7)), null);
        chain.pending(ORG, ready("t1"), ready("t2"), ready("t3"));
        AntiEntropy anti = new AntiEntropy(ORG, chain, store);
        TaskKey t2 = new TaskKey("t2", "s1", 1);
        anti.round(t2::equals);
        // t3 was committed between the rounds: no longer pending, so not taken.
        chain.pending(ORG, ready("t1"), ready("t2"));
        assertThat(anti.round(t2::equals)).isEmpty();
    }

    @Test
    @DisplayName("issue 9 item 10: a subtask set aside in the dead-letter list is left to the operator, and replays")
    void setAsideWorkIsLeftAloneAndReplayable() {
        TaskEntry entry = TaskEntries.taken(ready("t4"), 12);
        DeadLetter letter = store.deadLetter(TaskEntries.setAside(entry, "result refused: TOO_LARGE: big", 5));
        chain.pending(ORG, ready("t4"));
        AntiEntropy anti = new AntiEntropy(ORG, chain, store);
        anti.round(k -> false);
        assertThat(anti.round(k -> false)).isEmpty();

        DeadLetterReplay.Outcome replayed = DeadLetterReplay.replay(store, letter.id(), ORG);
        assertThat(replayed.taken()).containsExactly(entry.key());
        assertThat(store.task(entry.key())).get().extracting(TaskEntry::blockNumber).isEqualTo(12L);
        assertThat(store.deadLetters()).isEmpty();
    }
}
