package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.10 collaborative subtasks on chain: exchange manifests anchor what the engines exchanged")
class CollaborativeSubtaskTest {
    static final String JOINT = """
            {"id":"joint","description":"a joint total from private shares","subtasks":[
              {"name":"total","operation":"exchange.private-sum","collaborative":true,
               "participants":["Org1MSP","Org2MSP","Org3MSP"],"parameters":{"query":"sales_total"}}]}""";

    private final TaskFixture f = new TaskFixture();
    private String taskId;

    @BeforeEach
    void create() {
        f.registerActive(f.admin1, JOINT);
        taskId = f.create(f.user1, "joint", "{}");
    }

    /** One item from {@code from} to {@code to}: the sender's SENT entry and the receiver's RECEIVED entry. */
    private static String item(String direction, String peer, String name, String payload) {
        return String.format(Locale.ROOT, "{\"direction\":\"%s\",\"peer\":\"%s\",\"name\":\"%s\",\"digest\":\"%s\","
                + "\"size\":%d}", direction, peer, name, TaskFixture.sha256(payload), payload.length());
    }

    /** Manifests of a full three-party share exchange in which {@code msp} took part. */
    private static String manifest(String msp) {
        List<String> orgs = List.of(TaskFixture.ORG1, TaskFixture.ORG2, TaskFixture.ORG3);
        StringBuilder b = new StringBuilder("[");
        for (String other : orgs) {
            if (other.equals(msp)) {
                continue;
            }
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(item("SENT", other, "share", "share " + msp + ">" + other)).append(',')
                    .append(item("RECEIVED", other, "share", "share " + other + ">" + msp));
        }
        return b.append(']').toString();
    }

    private JsonNode submit(TestIdentity who, String value, String manifest) {
        return TaskFixture.json(f.ledger.submit(who, ctx -> f.contract.submitCollaborativeResult(ctx, taskId, "total",
                "1", TaskFixture.sha256(value), value, manifest)));
    }

    @Test
    @DisplayName("S1.10 the ready event marks the subtask collaborative; matching manifests complete it on the agreed total")
    void matchingManifestsComplete() {
        JsonNode ready = f.ledger.events().stream().filter(e -> e.name().equals("weft.task"))
                .map(e -> TaskFixture.json(e.payload())).reduce((a, b) -> b).orElseThrow().get("ready").get(0);
        assertThat(ready.get("collaborative").asBoolean()).isTrue();

        submit(f.user1, "4125", manifest(TaskFixture.ORG1));
        submit(f.user2, "4125", manifest(TaskFixture.ORG2));
        JsonNode state = submit(f.user3, "4125", manifest(TaskFixture.ORG3));
        assertThat(state.get("status").asText()).isEqualTo("COMPLETED");
        JsonNode view = f.task(taskId);
        assertThat(view.get("task").get("status").asText()).isEqualTo("COMPLETED");
        JsonNode results = view.get("subtasks").get(0).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("manifest")).hasSize(4);
        assertThat(results.get(0).get("manifest").get(0).get("direction").asText()).isEqualTo("SENT");
        assertThat(results.toString()).doesNotContain("share Org1MSP");
    }

    @Test
    @DisplayName("S1.10 an item one participant says it sent that the receiver does not list fails the attempt")
    void mismatchedManifestFails() {
        submit(f.user1, "4125", manifest(TaskFixture.ORG1));
        submit(f.user2, "4125", manifest(TaskFixture.ORG2));
        String tampered = manifest(TaskFixture.ORG3).replace(TaskFixture.sha256("share Org1MSP>Org3MSP"),
                TaskFixture.sha256("something else"));
        JsonNode state = submit(f.user3, "4125", tampered);
        assertThat(state.get("status").asText()).isEqualTo("FAILED");
        JsonNode failure = state.get("failures").get(0);
        assertThat(failure.get("kind").asText()).isEqualTo("EXCHANGE_MISMATCH");
        assertThat(failure.get("reason").asText()).contains("Org1MSP says it sent share to Org3MSP");
        assertThat(f.task(taskId).get("task").get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    @DisplayName("S1.10 a collaborative result needs a well-formed manifest naming other participants; bad ones change nothing")
    void badManifestsRefused() {
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.submitResult(ctx, taskId, "total", "1",
                TaskFixture.sha256("4125"), "4125"));
        for (String bad : List.of("", "{}", "[{\"direction\":\"SENT\"}]",
                "[" + item("SENT", TaskFixture.ORG1, "share", "x") + "]",
                "[" + item("SENT", "EvilMSP", "share", "x") + "]",
                "[" + item("SENT", TaskFixture.ORG2, "share", "x") + "," + item("SENT", TaskFixture.ORG2, "share", "y")
                        + "]",
                "[" + item("SENT", TaskFixture.ORG2, "bad name!", "x") + "]",
                "[{\"direction\":\"SENT\",\"peer\":\"Org2MSP\",\"name\":\"s\",\"digest\":\"" + TaskFixture.sha256("x")
                        + "\",\"size\":-1}]")) {
            f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.submitCollaborativeResult(ctx, taskId,
                    "total", "1", TaskFixture.sha256("4125"), "4125", bad));
        }
        f.rejects(ErrorCode.FORBIDDEN, f.outsider, ctx -> f.contract.submitCollaborativeResult(ctx, taskId,
                "total", "1", TaskFixture.sha256("4125"), "4125", manifest(TaskFixture.ORG1)));
    }

    @Test
    @DisplayName("S1.10 a manifest is refused on a subtask that is not collaborative, and one participant cannot collaborate")
    void onlyCollaborativeSubtasksTakeManifests() {
        TaskFixture g = TaskFixture.withPipeline();
        String other = g.create(g.user1, "pipeline", "{}");
        g.rejects(ErrorCode.BAD_REQUEST, g.user1, ctx -> g.contract.submitCollaborativeResult(ctx, other, "extract",
                "1", TaskFixture.sha256("x"), "x", "[]"));
        g.rejects(ErrorCode.INVALID_DEFINITION, g.admin1, ctx -> g.contract.registerDefinition(ctx, """
                {"id":"alone","subtasks":[{"name":"s","operation":"op","collaborative":true,
                  "participants":["Org1MSP"]}]}"""));
    }

    @Test
    @DisplayName("S1.10 a definition without collaborative subtasks keeps its content digest (the flag is left out, not false)")
    void flagAbsentWhenFalse() {
        JsonNode view = f.register(f.admin2, """
                {"id":"plain","subtasks":[{"name":"s","operation":"op","collaborative":false,
                  "participants":["Org2MSP"]}]}""");
        assertThat(view.toString()).doesNotContain("collaborative");
    }
}
