package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Transactions simulated against the same committed state and committed in one order, as in one block. */
@DisplayName("S1.5 concurrent results under MVCC")
class TaskConcurrencyTest {
    private static final String FAN_IN = """
            {"id":"fanin","subtasks":[{"name":"a","operation":"op","participants":["Org1MSP"]},
              {"name":"b","operation":"op","participants":["Org2MSP"]},
              {"name":"c","operation":"op","participants":["Org3MSP"],"dependsOn":["a","b"]}]}""";

    private final TaskFixture f = TaskFixture.withPipeline();

    private FakeStub result(dev.weft.chaincode.testing.TestIdentity who, String taskId, String subtask, String v) {
        return f.simulate(who, ctx -> f.contract.submitResult(ctx, taskId, subtask, "1", TaskFixture.sha256(v), v));
    }

    @Test
    @DisplayName("S1.5 fan-in: two concurrent completions conflict; the retried one makes the dependent ready")
    void fanInConflictsAndTheRetryCompletes() {
        f.registerActive(f.admin1, FAN_IN);
        String taskId = f.create(f.user1, "fanin", "{}");
        FakeStub fromOrg1 = result(f.user1, taskId, "a", "A");
        FakeStub fromOrg2 = result(f.user2, taskId, "b", "B");
        f.ledger.commit(fromOrg1);
        Map<String, String> before = f.ledger.snapshot();
        assertThatThrownBy(() -> f.ledger.commit(fromOrg2)).isInstanceOf(FakeLedger.MvccConflict.class);
        assertThat(f.ledger.snapshot()).isEqualTo(before);
        assertThat(TaskFixture.readyNames(f.lastEvent())).isEmpty();
        assertThat(f.status(taskId, "c")).isEqualTo("PENDING");

        f.submit(f.user2, taskId, "b", 1, "B");
        JsonNode event = f.lastEvent();
        assertThat(TaskFixture.readyNames(event)).containsExactly("c");
        assertThat(TaskFixture.inputs(event.get("ready").get(0)))
                .containsExactly(Map.entry("result:a/Org1MSP", "A"), Map.entry("result:b/Org2MSP", "B"));
    }

    @Test
    @DisplayName("S1.5 two participants of one subtask conflict; the retried result completes the subtask")
    void participantsOfOneSubtaskConflict() {
        String taskId = f.create(f.user1, "pipeline", "{}");
        FakeStub one = result(f.user1, taskId, "extract", "x");
        FakeStub two = result(f.user2, taskId, "extract", "x");
        f.ledger.commit(two);
        assertThatThrownBy(() -> f.ledger.commit(one)).isInstanceOf(FakeLedger.MvccConflict.class);
        assertThat(f.status(taskId, "extract")).isEqualTo("READY");
        f.submit(f.user1, taskId, "extract", 1, "x");
        assertThat(f.status(taskId, "extract")).isEqualTo("COMPLETED");
    }

    @Test
    @DisplayName("S1.5 results for different tasks never conflict")
    void differentTasksNeverConflict() {
        String t1 = f.create(f.user1, "pipeline", "{}");
        String t2 = f.create(f.user2, "pipeline", "{}");
        FakeStub a = result(f.user3, t1, "enrich", "e");
        FakeStub b = result(f.user3, t2, "enrich", "e");
        FakeStub c = result(f.user1, t1, "extract", "x");
        FakeStub d = result(f.user1, t2, "extract", "x");
        f.ledger.commit(a);
        f.ledger.commit(b);
        f.ledger.commit(c);
        f.ledger.commit(d);
        assertThat(f.status(t1, "enrich")).isEqualTo("COMPLETED");
        assertThat(f.status(t2, "enrich")).isEqualTo("COMPLETED");
    }

    @Test
    @DisplayName("S1.5 results that do not complete a subtask never conflict across subtasks of one task")
    void partialResultsOnDifferentSubtasksDoNotConflict() {
        f.registerActive(f.admin1, """
                {"id":"pair","subtasks":[{"name":"a","operation":"op","participants":["Org1MSP","Org2MSP"]},
                  {"name":"b","operation":"op","participants":["Org1MSP","Org2MSP"]}]}""");
        String taskId = f.create(f.user1, "pair", "{}");
        FakeStub a = result(f.user1, taskId, "a", "1");
        FakeStub b = result(f.user2, taskId, "b", "2");
        f.ledger.commit(a);
        f.ledger.commit(b);
        assertThat(f.subtask(taskId, "a").get("results")).hasSize(1);
        assertThat(f.subtask(taskId, "b").get("results")).hasSize(1);
    }

    @Test
    @DisplayName("S1.2 creating tasks never conflicts")
    void creationsNeverConflict() {
        FakeStub one = f.simulate(f.user1, ctx -> f.contract.createTask(ctx, "pipeline", "{}"));
        FakeStub two = f.simulate(f.user2, ctx -> f.contract.createTask(ctx, "pipeline", "{}"));
        f.ledger.commit(one);
        f.ledger.commit(two);
        assertThat(f.listTasks("RUNNING", 10, "").get("items")).hasSize(2);
    }
}
