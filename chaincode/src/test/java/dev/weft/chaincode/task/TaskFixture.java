package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.system.SystemContract;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * A channel with three member organisations, their admins and clients, an
 * outsider, and the task contract on a {@link FakeLedger}; helpers that call the
 * contract the way a gateway would and read its answers as JSON.
 */
final class TaskFixture {
    static final String ORG1 = "Org1MSP";
    static final String ORG2 = "Org2MSP";
    static final String ORG3 = "Org3MSP";

    /**
     * Two levels, three organisations: extract (Org1, Org2) and enrich (Org3) in
     * parallel, then merge (all three) from both.
     */
    static final String PIPELINE = """
            {"id":"pipeline","description":"extract and enrich, then merge","subtasks":[
              {"name":"extract","operation":"sql.query","participants":["Org2MSP","Org1MSP"],
               "parameters":{"table":"sales","limit":"10"},
               "creatorParameters":{"limit":{"type":"integer","min":1,"max":1000},
                                    "region":{"type":"enum","values":["us","eu"]}}},
              {"name":"enrich","operation":"http.score","participants":["Org3MSP"],"timeoutSeconds":1200},
              {"name":"merge","operation":"sum","participants":["Org1MSP","Org2MSP","Org3MSP"],
               "dependsOn":["enrich","extract"]}]}""";

    static final ObjectMapper JSON = new ObjectMapper();

    final TaskContract contract = new TaskContract();
    final FakeLedger ledger = new FakeLedger();
    final TestIdentity admin1 = TestIdentity.admin(ORG1);
    final TestIdentity admin2 = TestIdentity.admin(ORG2);
    final TestIdentity admin3 = TestIdentity.admin(ORG3);
    final TestIdentity user1 = TestIdentity.client(ORG1, "User1");
    final TestIdentity user2 = TestIdentity.client(ORG2, "User2");
    final TestIdentity user3 = TestIdentity.client(ORG3, "User3");
    final TestIdentity outsider = TestIdentity.client("EvilMSP", "Mallory");

    TaskFixture() {
        for (String msp : new String[] {ORG1, ORG2, ORG3}) {
            ledger.submit(TestIdentity.admin(msp), ctx -> new SystemContract().initMembers(ctx,
                    "[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"]"));
        }
    }

    /** The fixture with {@link #PIPELINE} registered by Org1's admin and approved by Org2's and Org3's. */
    static TaskFixture withPipeline() {
        TaskFixture f = new TaskFixture();
        f.registerActive(f.admin1, PIPELINE);
        return f;
    }

    TestIdentity adminOf(String msp) {
        return switch (msp) {
            case ORG1 -> admin1;
            case ORG2 -> admin2;
            case ORG3 -> admin3;
            default -> throw new IllegalArgumentException(msp);
        };
    }

    /** Registers a definition and has every other participant's admin approve it; returns the view. */
    JsonNode registerActive(TestIdentity who, String definitionJson) {
        JsonNode view = register(who, definitionJson);
        for (JsonNode msp : view.get("awaiting")) {
            approve(adminOf(msp.asText()), view.get("id").asText(), view.get("digest").asText());
        }
        view = definition(view.get("id").asText());
        assertThat(view.get("active").asBoolean()).as("active after every approval: " + view).isTrue();
        return view;
    }

    JsonNode approve(TestIdentity who, String definitionId, String digest) {
        return json(ledger.submit(who, ctx -> contract.approveDefinition(ctx, definitionId, digest)));
    }

    JsonNode definition(String id) {
        return json(ledger.evaluate(user1, ctx -> contract.getDefinition(ctx, id)));
    }

    JsonNode register(TestIdentity who, String definitionJson) {
        return json(ledger.submit(who, ctx -> contract.registerDefinition(ctx, definitionJson)));
    }

    /** Creates a task and returns its ID. */
    String create(TestIdentity who, String definitionId, String params) {
        return json(ledger.submit(who, ctx -> contract.createTask(ctx, definitionId, params))).get("taskId").asText();
    }

    /** Returns {@code value} (inline) as {@code who}'s result for the subtask; returns the subtask state. */
    JsonNode submit(TestIdentity who, String taskId, String subtask, int attempt, String value) {
        return json(ledger.submit(who, ctx -> contract.submitResult(ctx, taskId, subtask,
                String.valueOf(attempt), sha256(value), value)));
    }

    JsonNode task(String taskId) {
        return json(ledger.evaluate(user1, ctx -> contract.getTask(ctx, taskId)));
    }

    JsonNode subtask(String taskId, String name) {
        return json(ledger.evaluate(user1, ctx -> contract.getSubtask(ctx, taskId, name)));
    }

    String status(String taskId, String name) {
        return subtask(taskId, name).path("state").path("status").asText();
    }

    JsonNode pending(String msp, int pageSize, String bookmark) {
        return json(ledger.evaluate(user1, ctx -> contract.pendingSubtasks(ctx, msp, String.valueOf(pageSize),
                bookmark)));
    }

    /** Every pending subtask of {@code msp}, as "taskId/subtask@attempt", across all pages. */
    List<String> allPending(String msp) {
        List<String> out = new ArrayList<>();
        String bookmark = "";
        do {
            JsonNode page = pending(msp, 200, bookmark);
            page.get("items").forEach(i -> out.add(i.get("taskId").asText() + "/" + i.get("subtaskId").asText()
                    + "@" + i.get("attempt").asInt()));
            bookmark = page.get("bookmark").asText();
        } while (!bookmark.isEmpty());
        return out;
    }

    JsonNode listTasks(String status, int pageSize, String bookmark) {
        return json(ledger.evaluate(user1, ctx -> contract.listTasks(ctx, status, String.valueOf(pageSize), bookmark)));
    }

    /** The last committed event, checked to be a task event. */
    JsonNode lastEvent() {
        FakeLedger.Event event = ledger.lastEvent();
        assertThat(event.name()).isEqualTo("weft.task");
        return json(event.payload());
    }

    /** Names of the subtasks a task event announced as ready, in order. */
    static List<String> readyNames(JsonNode event) {
        List<String> out = new ArrayList<>();
        event.get("ready").forEach(r -> out.add(r.get("subtaskId").asText()));
        return out;
    }

    /** The inputs of a ready subtask, name to value (or digest when there is no inline value). */
    static Map<String, String> inputs(JsonNode ready) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        ready.get("inputs").forEach(i -> out.put(i.get("name").asText(),
                i.has("value") ? i.get("value").asText() : "#" + i.get("digest").asText()));
        return out;
    }

    /** Runs a call that must fail with {@code code}, and proves it wrote and announced nothing. */
    String rejects(ErrorCode code, TestIdentity who, Function<Context, String> call) {
        Map<String, String> before = ledger.snapshot();
        int events = ledger.events().size();
        List<String> message = new ArrayList<>();
        assertThatThrownBy(() -> ledger.submit(who, call))
                .isInstanceOfSatisfying(WeftException.class, e -> {
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
                    message.add(e.getMessage());
                });
        assertThat(ledger.snapshot()).isEqualTo(before);
        assertThat(ledger.events()).hasSize(events);
        return message.get(0);
    }

    /** Simulates a transaction without committing it, for concurrency tests. */
    FakeStub simulate(TestIdentity who, Function<Context, String> call) {
        FakeStub stub = ledger.begin(who);
        call.apply(new Context(stub));
        return stub;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static String sha256(String value) {
        return Checks.sha256(value);
    }
}
