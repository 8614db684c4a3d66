package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.2 S1.3 task creation and the first ready event")
class TaskCreationTest {
    private final TaskFixture f = TaskFixture.withPipeline();

    @Test
    @DisplayName("S1.2 a member's client creates a task it owns; its ID is the transaction ID; roots are READY")
    void createsOwnedTask() {
        String taskId = f.create(f.user2, "pipeline", "{\"limit\":\"5\"}");
        assertThat(taskId).isEqualTo(f.ledger.lastEvent().txId());
        JsonNode view = f.task(taskId);
        JsonNode task = view.get("task");
        assertThat(task.get("owner").asText()).startsWith("Org2MSP/x509::").contains("User2");
        assertThat(task.get("ownerMsp").asText()).isEqualTo("Org2MSP");
        assertThat(task.get("status").asText()).isEqualTo("RUNNING");
        assertThat(task.get("definitionId").asText()).isEqualTo("pipeline");
        assertThat(view.get("subtasks")).extracting(s -> s.get("state").get("name").asText() + "="
                + s.get("state").get("status").asText())
                .containsExactly("extract=READY", "enrich=READY", "merge=PENDING");
        JsonNode extract = view.get("subtasks").get(0).get("state");
        assertThat(extract.get("attempt").asInt()).isEqualTo(1);
        assertThat(extract.get("readyAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(extract.get("deadline").asText()).isEqualTo("2026-01-01T00:30:00Z");
        assertThat(view.get("subtasks").get(1).get("state").get("deadline").asText())
                .isEqualTo("2026-01-01T00:20:00Z");
    }

    @Test
    @DisplayName("S1.3 S1.8 one CREATED event names every ready subtask with participants, operation and inputs")
    void createdEventCarriesEverythingAParticipantNeeds() {
        String taskId = f.create(f.user1, "pipeline", "{\"limit\":\"5\",\"region\":\"eu\"}");
        assertThat(f.ledger.events()).hasSize(1);
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("CREATED");
        assertThat(event.get("taskId").asText()).isEqualTo(taskId);
        assertThat(event.get("txId").asText()).isEqualTo(taskId);
        assertThat(event.get("taskStatus").asText()).isEqualTo("RUNNING");
        assertThat(TaskFixture.readyNames(event)).containsExactly("extract", "enrich");

        JsonNode extract = event.get("ready").get(0);
        assertThat(extract.get("taskId").asText()).isEqualTo(taskId);
        assertThat(extract.get("operation").asText()).isEqualTo("sql.query");
        assertThat(extract.get("participants").toString()).isEqualTo("[\"Org1MSP\",\"Org2MSP\"]");
        assertThat(extract.get("attempt").asInt()).isEqualTo(1);
        assertThat(extract.get("definitionId").asText()).isEqualTo("pipeline");
        // the task's parameters override the definition's
        assertThat(extract.get("parameters").toString())
                .isEqualTo("{\"limit\":\"5\",\"region\":\"eu\",\"table\":\"sales\"}");
        assertThat(TaskFixture.inputs(extract)).containsExactly(
                Map.entry("param:limit", "5"), Map.entry("param:region", "eu"), Map.entry("param:table", "sales"));
        assertThat(extract.get("inputs").get(0).get("digest").asText()).isEqualTo(TaskFixture.sha256("5"));

        JsonNode enrich = event.get("ready").get(1);
        assertThat(enrich.get("participants").toString()).isEqualTo("[\"Org3MSP\"]");
        assertThat(enrich.get("operation").asText()).isEqualTo("http.score");
    }

    @Test
    @DisplayName("S1.2 many instances of one task type exist at once, each with its own state")
    void manyInstancesCoexist() {
        String a = f.create(f.user1, "pipeline", "");
        String b = f.create(f.user3, "pipeline", "{}");
        assertThat(a).isNotEqualTo(b);
        f.submit(f.user3, a, "enrich", 1, "scored");
        assertThat(f.status(a, "enrich")).isEqualTo("COMPLETED");
        assertThat(f.status(b, "enrich")).isEqualTo("READY");
        assertThat(f.task(b).get("task").get("ownerMsp").asText()).isEqualTo("Org3MSP");
    }

    @Test
    @DisplayName("S1.2 only clients of member organisations create tasks")
    void nonMemberCannotCreate() {
        f.rejects(ErrorCode.FORBIDDEN, f.outsider, ctx -> f.contract.createTask(ctx, "pipeline", "{}"));
    }

    @Test
    @DisplayName("S1.2 unknown definitions and bad parameters are rejected without writing")
    void badCreationInput() {
        f.rejects(ErrorCode.NOT_FOUND, f.user1, ctx -> f.contract.createTask(ctx, "nope", "{}"));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.createTask(ctx, "bad id!", "{}"));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.createTask(ctx, "pipeline", "{not json"));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.createTask(ctx, "pipeline", "[\"a\"]"));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.createTask(ctx, "pipeline", "{\"a\":{\"b\":1}}"));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.createTask(ctx, "pipeline", "{\"a\":null}"));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.createTask(ctx, "pipeline", "{\"a b\":\"c\"}"));
        f.rejects(ErrorCode.TOO_LARGE, f.user1,
                ctx -> f.contract.createTask(ctx, "pipeline", "{\"a\":\"" + "x".repeat(4096) + "\"}"));
    }
}
