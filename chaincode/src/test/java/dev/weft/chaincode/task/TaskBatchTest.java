package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.cluster.ClusterFixture;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Batched results and creations (issue 16): every entry checked, fenced and recorded on its own. */
@DisplayName("S1.5 issue 16: task:SubmitResults and task:CreateTasks")
class TaskBatchTest {
    /** a and b (Org1) in parallel, then c (Org1) from both. */
    private static final String FAN = """
            {"id":"fan","subtasks":[
              {"name":"a","operation":"op","participants":["Org1MSP"]},
              {"name":"b","operation":"op","participants":["Org1MSP"]},
              {"name":"c","operation":"op","participants":["Org1MSP"],"dependsOn":["a","b"]}]}""";

    private final TaskFixture f = fixture();

    private static TaskFixture fixture() {
        TaskFixture f = new TaskFixture();
        f.registerActive(f.admin1, FAN);
        return f;
    }

    static String result(String taskId, String subtask, int attempt, String value) {
        return "{\"taskId\":\"" + taskId + "\",\"subtaskId\":\"" + subtask + "\",\"attempt\":" + attempt
                + ",\"digest\":\"" + TaskFixture.sha256(value) + "\",\"value\":\"" + value + "\"}";
    }

    static String failure(String taskId, String subtask, String reason) {
        return "{\"taskId\":\"" + taskId + "\",\"subtaskId\":\"" + subtask + "\",\"attempt\":1,\"failure\":\""
                + reason + "\"}";
    }

    private static String batch(String... entries) {
        return "[" + String.join(",", entries) + "]";
    }

    private JsonNode submit(TaskFixture on, TestIdentity who, Map<String, String> fields, String entries) {
        return TaskFixture.json(on.ledger.submit(who, fields, ctx -> on.contract.submitResults(ctx, entries)));
    }

    /** Each outcome as "OK:STATUS" or its error code. */
    private static List<String> outcomes(JsonNode response) {
        List<String> out = new ArrayList<>();
        response.get("outcomes").forEach(o -> out.add(o.has("code") ? o.get("code").asText()
                : "OK:" + o.get("status").asText()));
        return out;
    }

    @Test
    @DisplayName("S1.5 issue 16: a batch of good results of two tasks records each, readies c and completes nothing else")
    void allGood() {
        String t1 = f.create(f.user1, "fan", "");
        String t2 = f.create(f.user1, "fan", "");
        JsonNode response = submit(f, f.user1, Map.of(), batch(result(t1, "a", 1, "1"), result(t1, "b", 1, "2"),
                result(t2, "a", 1, "3")));
        assertThat(outcomes(response)).containsExactly("OK:COMPLETED", "OK:COMPLETED", "OK:COMPLETED");
        assertThat(f.status(t1, "c")).isEqualTo("READY");
        assertThat(f.status(t2, "b")).isEqualTo("READY");
        assertThat(f.status(t2, "c")).isEqualTo("PENDING");
        assertThat(f.allPending(TaskFixture.ORG1)).containsExactlyInAnyOrder(t1 + "/c@1", t2 + "/b@1");

        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("BATCH");
        assertThat(event.get("batch")).hasSize(2);
        assertThat(event.get("batch").get(0).get("taskId").asText()).isEqualTo(t1);
        assertThat(TaskFixture.readyNames(event.get("batch").get(0))).containsExactly("c");
        assertThat(TaskFixture.inputs(event.get("batch").get(0).get("ready").get(0)))
                .containsEntry("result:a/Org1MSP", "1").containsEntry("result:b/Org1MSP", "2");
        assertThat(TaskFixture.readyNames(event.get("batch").get(1))).isEmpty();

        submit(f, f.user1, Map.of(), batch(result(t1, "c", 1, "3")));
        assertThat(f.task(t1).path("task").path("status").asText()).isEqualTo("COMPLETED");
        assertThat(f.lastEvent().get("batch").get(0).get("kind").asText()).isEqualTo("COMPLETED");
    }

    @Test
    @DisplayName("S1.5 issue 16: one bad entry among good ones is refused with its code; the good ones are recorded")
    void oneBadAmongGood() {
        String t1 = f.create(f.user1, "fan", "");
        String badDigest = "{\"taskId\":\"" + t1 + "\",\"subtaskId\":\"b\",\"attempt\":1,\"digest\":\""
                + TaskFixture.sha256("x") + "\",\"value\":\"y\"}";
        JsonNode response = submit(f, f.user1, Map.of(), batch(result(t1, "a", 1, "1"), badDigest,
                result(t1, "b", 2, "2"), result("no-such-task", "a", 1, "1"), result(t1, "c", 1, "1"),
                result(t1, "a", 1, "1"), result(t1, "b", 1, "2")));
        assertThat(outcomes(response)).containsExactly("OK:COMPLETED", "BAD_REQUEST", "CONFLICT", "NOT_FOUND",
                "CONFLICT", "CONFLICT", "OK:COMPLETED");
        assertThat(response.get("outcomes").get(2).get("message").asText()).contains("no attempt 2");
        // the repeated result for a sees a as the batch left it: COMPLETED by the first entry
        assertThat(response.get("outcomes").get(5).get("message").asText()).contains("is COMPLETED");
        assertThat(f.status(t1, "c")).isEqualTo("READY");
        assertThat(f.subtask(t1, "b").path("results").toString()).contains(TaskFixture.sha256("2"));
    }

    @Test
    @DisplayName("S1.5 issue 16: Org2 cannot put its entry into Org1's subtask; Org1's entries still land")
    void notParticipantRefusedPerEntry() {
        String t1 = f.create(f.user1, "fan", "");
        JsonNode refused = submit(f, f.user2, Map.of(), batch(result(t1, "a", 1, "1")));
        assertThat(outcomes(refused)).containsExactly("FORBIDDEN");
        assertThat(f.status(t1, "a")).isEqualTo("READY");
    }

    @Test
    @DisplayName("S1.5 issue 16: a failure report in the batch fails its subtask and the task; the result beside it lands")
    void failureInBatch() {
        String t1 = f.create(f.user1, "fan", "");
        JsonNode response = submit(f, f.user1, Map.of(), batch(result(t1, "a", 1, "1"),
                failure(t1, "b", "engine down")));
        assertThat(outcomes(response)).containsExactly("OK:COMPLETED", "OK:FAILED");
        assertThat(f.task(t1).path("task").path("status").asText()).isEqualTo("FAILED");
        assertThat(f.status(t1, "c")).isEqualTo("PENDING");
        assertThat(f.lastEvent().get("batch").get(0).get("kind").asText()).isEqualTo("FAILED");
    }

    @Test
    @DisplayName("S1.5 issue 16: a batch whose every entry is refused writes nothing and announces nothing")
    void allRefusedWritesNothing() {
        String t1 = f.create(f.user1, "fan", "");
        Map<String, String> before = f.ledger.snapshot();
        int events = f.ledger.events().size();
        assertThat(outcomes(submit(f, f.user1, Map.of(), batch(result(t1, "c", 1, "1")))))
                .containsExactly("CONFLICT");
        assertThat(f.ledger.snapshot()).isEqualTo(before);
        assertThat(f.ledger.events()).hasSize(events);
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.submitResults(ctx, "[]"));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.submitResults(ctx, "{\"not\":\"a list\"}"));
    }

    @Test
    @DisplayName("S1.5 issue 11 item 2 issue 16: every entry of a batch is fenced: only the master at its epoch lands them")
    void fencingPerEntry() {
        ClusterFixture c = new ClusterFixture(f.ledger);
        String t1 = taskOfClusteredOrg1(c);
        String entries = batch(result(t1, "a", 1, "1"), failure(t1, "b", "down"));
        for (TestIdentity who : List.of(f.user1, c.b)) {
            f.rejects(ErrorCode.NOT_MASTER, who, ctx -> {
                new FakeStubFields(ctx).epoch("1");
                return f.contract.submitResults(ctx, entries);
            });
        }
        f.rejects(ErrorCode.STALE_EPOCH, c.a, ctx -> f.contract.submitResults(ctx, entries));
        f.ledger.advanceClock(Duration.ofSeconds(11));
        c.update(c.b, "b", 1);
        Map<String, String> before = f.ledger.snapshot();
        assertThatThrownBy(() -> submit(f, c.a, ClusterFixture.epoch(1), entries)).isInstanceOfSatisfying(
                WeftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_MASTER));
        assertThat(f.ledger.snapshot()).isEqualTo(before);
        assertThat(outcomes(submit(f, c.b, ClusterFixture.epoch(2), entries)))
                .containsExactly("OK:COMPLETED", "OK:FAILED");
    }

    @Test
    @DisplayName("S1.5 issue 11 item 2 issue 16: a batch endorsed before its master was deposed does not commit")
    void deposedMidBatch() {
        ClusterFixture c = new ClusterFixture(f.ledger);
        String t1 = taskOfClusteredOrg1(c);
        FakeStub inFlight = f.ledger.begin(c.a).putTransient(dev.weft.chaincode.cluster.Fencing.EPOCH_FIELD, "1");
        f.contract.submitResults(new Context(inFlight), batch(result(t1, "a", 1, "1"), result(t1, "b", 1, "2")));
        f.ledger.advanceClock(Duration.ofSeconds(11));
        c.update(c.b, "b", 1);
        assertThatThrownBy(() -> f.ledger.commit(inFlight)).isInstanceOf(FakeLedger.MvccConflict.class);
        assertThat(f.status(t1, "a")).isEqualTo("READY");
    }

    @Test
    @DisplayName("S1.5 issue 16: the same batch on the same ledger gives the same writes, response and event")
    void deterministic() {
        TaskFixture g = fixture();
        List<String> responses = new ArrayList<>();
        for (TaskFixture on : List.of(f, g)) {
            String t1 = on.create(on.user1, "fan", "");
            String t2 = on.create(on.user1, "fan", "");
            responses.add(submit(on, on.user1, Map.of(), batch(result(t2, "a", 1, "1"), result(t1, "b", 1, "2"),
                    result(t1, "a", 1, "9"), failure(t2, "b", "down"), result(t1, "c", 1, "0"))).toString());
        }
        assertThat(responses.get(0)).isEqualTo(responses.get(1));
        assertThat(f.ledger.snapshot()).isEqualTo(g.ledger.snapshot());
        assertThat(f.ledger.lastEvent().payload()).isEqualTo(g.ledger.lastEvent().payload());
    }

    @Test
    @DisplayName("S1.2 issue 16: task:CreateTasks creates each good entry with its own ID; a bad one creates nothing")
    void createTasks() {
        String entries = "[{\"definitionId\":\"fan\"},{\"definitionId\":\"nope\"},{\"definitionId\":\"fan\","
                + "\"params\":{}}]";
        FakeStub stub = f.ledger.begin(f.user1);
        JsonNode response = TaskFixture.json(f.contract.createTasks(new Context(stub), entries));
        f.ledger.commit(stub);
        assertThat(outcomes(response)).containsExactly("OK:RUNNING", "NOT_FOUND", "OK:RUNNING");
        String t0 = response.get("outcomes").get(0).get("taskId").asText();
        String t2 = response.get("outcomes").get(2).get("taskId").asText();
        assertThat(t0).isEqualTo(stub.getTxId() + ".0");
        assertThat(t2).isEqualTo(stub.getTxId() + ".2");
        assertThat(f.allPending(TaskFixture.ORG1)).containsExactlyInAnyOrder(t0 + "/a@1", t0 + "/b@1",
                t2 + "/a@1", t2 + "/b@1");
        JsonNode event = f.lastEvent();
        assertThat(event.get("batch")).hasSize(2);
        assertThat(TaskFixture.readyNames(event.get("batch").get(1))).containsExactly("a", "b");
        f.rejects(ErrorCode.FORBIDDEN, f.outsider, ctx -> f.contract.createTasks(ctx, entries));
    }

    /** A task created before Org1 formed a cluster, whose member a is master at epoch 1. */
    private String taskOfClusteredOrg1(ClusterFixture c) {
        String taskId = f.create(f.user1, "fan", "");
        c.withOrg1Cluster();
        c.register(c.a, "a");
        return taskId;
    }

    /** Sets the epoch transient field on a fake stub's context. */
    private record FakeStubFields(Context ctx) {
        void epoch(String value) {
            ((FakeStub) ctx.getStub()).putTransient(dev.weft.chaincode.cluster.Fencing.EPOCH_FIELD, value);
        }
    }
}
