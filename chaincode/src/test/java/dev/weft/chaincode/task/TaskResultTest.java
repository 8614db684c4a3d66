package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.4 S1.5 result return")
class TaskResultTest {
    private final TaskFixture f = TaskFixture.withPipeline();
    private String taskId;

    @BeforeEach
    void create() {
        taskId = f.create(f.user1, "pipeline", "{}");
    }

    private String submitRejected(ErrorCode code, dev.weft.chaincode.testing.TestIdentity who, String subtask,
            String attempt, String digest, String value) {
        return f.rejects(code, who, ctx -> f.contract.submitResult(ctx, taskId, subtask, attempt, digest, value));
    }

    @Test
    @DisplayName("S1.5 S1.8 a 2-level DAG over 3 organisations runs to completion, dependents ready in dependency order")
    void twoLevelDagToCompletion() {
        JsonNode state = f.submit(f.user1, taskId, "extract", 1, "rows:42");
        assertThat(state.get("status").asText()).isEqualTo("READY");
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("ADVANCED");
        assertThat(event.get("ready")).isEmpty();

        f.submit(f.user2, taskId, "extract", 1, "rows:42");
        assertThat(f.status(taskId, "extract")).isEqualTo("COMPLETED");
        assertThat(TaskFixture.readyNames(f.lastEvent())).isEmpty();
        assertThat(f.status(taskId, "merge")).isEqualTo("PENDING");

        f.ledger.advanceClock(java.time.Duration.ofSeconds(30));
        f.submit(f.user3, taskId, "enrich", 1, "score:0.9");
        event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("ADVANCED");
        assertThat(TaskFixture.readyNames(event)).containsExactly("merge");
        JsonNode merge = event.get("ready").get(0);
        assertThat(merge.get("participants").toString()).isEqualTo("[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"]");
        assertThat(TaskFixture.inputs(merge)).containsExactly(
                Map.entry("result:extract/Org1MSP", "rows:42"), Map.entry("result:extract/Org2MSP", "rows:42"),
                Map.entry("result:enrich/Org3MSP", "score:0.9"));
        assertThat(merge.get("inputs").get(2).get("digest").asText()).isEqualTo(TaskFixture.sha256("score:0.9"));
        assertThat(f.subtask(taskId, "merge").get("state").get("readyAt").asText()).isEqualTo("2026-01-01T00:00:30Z");

        f.submit(f.user1, taskId, "merge", 1, "total");
        f.submit(f.admin2, taskId, "merge", 1, "total");
        assertThat(f.task(taskId).get("task").get("status").asText()).isEqualTo("RUNNING");
        f.submit(f.user3, taskId, "merge", 1, "total");
        event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("COMPLETED");
        assertThat(event.get("taskStatus").asText()).isEqualTo("COMPLETED");
        JsonNode view = f.task(taskId);
        assertThat(view.get("task").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.get("subtasks")).allSatisfy(s -> assertThat(s.get("state").get("status").asText())
                .isEqualTo("COMPLETED"));
        assertThat(view.get("subtasks").get(2).get("state").get("digest").asText())
                .isEqualTo(TaskFixture.sha256("total"));
        assertThat(view.get("subtasks").get(2).get("results")).hasSize(3);
        assertThat(f.listTasks("COMPLETED", 10, "").get("items")).hasSize(1);
        assertThat(f.listTasks("RUNNING", 10, "").get("items")).isEmpty();
    }

    @Test
    @DisplayName("S1.5 S1.8 results kept off chain travel as digests only")
    void digestOnlyResults() {
        String digest = TaskFixture.sha256("big data kept off chain");
        f.ledger.submit(f.user3, ctx -> f.contract.submitResult(ctx, taskId, "enrich", "1", digest, ""));
        f.submit(f.user1, taskId, "extract", 1, "x");
        f.submit(f.user2, taskId, "extract", 1, "x");
        JsonNode merge = f.lastEvent().get("ready").get(0);
        assertThat(TaskFixture.inputs(merge)).containsEntry("result:enrich/Org3MSP", "#" + digest);
        JsonNode result = f.subtask(taskId, "enrich").get("results").get(0);
        assertThat(result.has("value")).isFalse();
        assertThat(result.get("submitter").asText()).startsWith("Org3MSP/");
    }

    @Test
    @DisplayName("S1.4 only a participant of the subtask may return its result")
    void nonParticipantIsForbidden() {
        String d = TaskFixture.sha256("v");
        submitRejected(ErrorCode.FORBIDDEN, f.user3, "extract", "1", d, "v");
        submitRejected(ErrorCode.FORBIDDEN, f.outsider, "extract", "1", d, "v");
        submitRejected(ErrorCode.FORBIDDEN, f.admin1, "enrich", "1", d, "v");
    }

    @Test
    @DisplayName("S1.5 a participant returns one result per attempt")
    void duplicateResultIsRejected() {
        f.submit(f.user1, taskId, "extract", 1, "v");
        String d = TaskFixture.sha256("other");
        submitRejected(ErrorCode.ALREADY_EXISTS, f.admin1, "extract", "1", d, "other");
    }

    @Test
    @DisplayName("S1.5 a result must match the subtask's current READY attempt")
    void staleOrFutureAttemptsAndWrongStatesConflict() {
        String d = TaskFixture.sha256("v");
        assertThat(submitRejected(ErrorCode.CONFLICT, f.user1, "extract", "2", d, "v")).contains("no attempt 2");
        assertThat(submitRejected(ErrorCode.CONFLICT, f.user1, "merge", "1", d, "v")).contains("PENDING");
        f.submit(f.user3, taskId, "enrich", 1, "v");
        assertThat(submitRejected(ErrorCode.CONFLICT, f.user3, "enrich", "1", d, "v")).contains("COMPLETED");
        // a stale attempt after a retry
        f.ledger.submit(f.user1, ctx -> f.contract.reportFailure(ctx, taskId, "extract", "1", "disk full"));
        f.ledger.submit(f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "extract"));
        assertThat(submitRejected(ErrorCode.CONFLICT, f.user2, "extract", "1", d, "v")).contains("stale");
    }

    @Test
    @DisplayName("S1.5 unknown task and subtask IDs are NOT_FOUND, malformed ones BAD_REQUEST")
    void unknownIds() {
        String d = TaskFixture.sha256("v");
        f.rejects(ErrorCode.NOT_FOUND, f.user1, ctx -> f.contract.submitResult(ctx, "f".repeat(64), "extract", "1", d, "v"));
        submitRejected(ErrorCode.NOT_FOUND, f.user1, "ghost", "1", d, "v");
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.submitResult(ctx, "a\u0000b", "extract", "1", d, "v"));
        submitRejected(ErrorCode.BAD_REQUEST, f.user1, "", "1", d, "v");
        f.rejects(ErrorCode.NOT_FOUND, f.user1, ctx -> f.contract.getTask(ctx, "0".repeat(64)));
        f.rejects(ErrorCode.NOT_FOUND, f.user1, ctx -> f.contract.getSubtask(ctx, taskId, "ghost"));
    }

    @Test
    @DisplayName("S1.5 digests, inline values and attempts are checked")
    void badResultInput() {
        String d = TaskFixture.sha256("v");
        submitRejected(ErrorCode.BAD_REQUEST, f.user1, "extract", "1", d.toUpperCase(), "");
        submitRejected(ErrorCode.BAD_REQUEST, f.user1, "extract", "1", "abc", "");
        submitRejected(ErrorCode.BAD_REQUEST, f.user1, "extract", "1", d, "not v");
        String big = "x".repeat(16 * 1024 + 1);
        submitRejected(ErrorCode.TOO_LARGE, f.user1, "extract", "1", TaskFixture.sha256(big), big);
        submitRejected(ErrorCode.BAD_REQUEST, f.user1, "extract", "one", d, "v");
        submitRejected(ErrorCode.BAD_REQUEST, f.user1, "extract", "0", d, "v");
        String limit = "y".repeat(16 * 1024);
        f.ledger.submit(f.user1, ctx -> f.contract.submitResult(ctx, taskId, "extract", "1",
                TaskFixture.sha256(limit), limit));
    }

    @Test
    @DisplayName("S1.5 a disagreement between two participants fails the subtask and the task, recorded per participant")
    void disagreementIsRecorded() {
        f.submit(f.user1, taskId, "extract", 1, "rows:42");
        f.submit(f.user2, taskId, "extract", 1, "rows:41");
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("FAILED");
        assertThat(event.get("taskStatus").asText()).isEqualTo("FAILED");
        JsonNode failure = f.subtask(taskId, "extract").get("state").get("failures").get(0);
        assertThat(failure.get("kind").asText()).isEqualTo("DISAGREEMENT");
        assertThat(failure.get("attempt").asInt()).isEqualTo(1);
        JsonNode disagreement = failure.get("disagreement");
        assertThat(disagreement.get("digests").get("Org1MSP").asText()).isEqualTo(TaskFixture.sha256("rows:42"));
        assertThat(disagreement.get("digests").get("Org2MSP").asText()).isEqualTo(TaskFixture.sha256("rows:41"));
        assertThat(disagreement.has("majorityDigest")).isFalse();
        assertThat(disagreement.get("dissenters")).isEmpty();
        assertThat(f.task(taskId).get("task").get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    @DisplayName("S1.5 with three participants the one that differs from the majority is named")
    void dissenterAgainstMajorityIsNamed() {
        f.submit(f.user1, taskId, "extract", 1, "x");
        f.submit(f.user2, taskId, "extract", 1, "x");
        f.submit(f.user3, taskId, "enrich", 1, "y");
        f.submit(f.user1, taskId, "merge", 1, "sum=3");
        f.submit(f.user2, taskId, "merge", 1, "sum=4");
        f.submit(f.user3, taskId, "merge", 1, "sum=3");
        JsonNode disagreement = f.subtask(taskId, "merge").get("state").get("failures").get(0).get("disagreement");
        assertThat(disagreement.get("majorityDigest").asText()).isEqualTo(TaskFixture.sha256("sum=3"));
        assertThat(disagreement.get("dissenters").toString()).isEqualTo("[\"Org2MSP\"]");
        assertThat(f.status(taskId, "extract")).isEqualTo("COMPLETED");
    }
}
