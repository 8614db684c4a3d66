package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.2 S1.5 failures, timeouts and retries")
class TaskFailureTest {
    private final TaskFixture f = TaskFixture.withPipeline();
    private String taskId;

    @BeforeEach
    void create() {
        taskId = f.create(f.user1, "pipeline", "{}");
    }

    @Test
    @DisplayName("S1.5 a participant's failure report fails the subtask and the task, keeping who, what, why and when")
    void reportedFailureIsKept() {
        f.ledger.advanceClock(Duration.ofSeconds(5));
        JsonNode state = TaskFixture.json(f.ledger.submit(f.user3,
                ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", "engine unreachable")));
        assertThat(state.get("status").asText()).isEqualTo("FAILED");
        JsonNode failure = state.get("failures").get(0);
        assertThat(failure.get("kind").asText()).isEqualTo("REPORTED");
        assertThat(failure.get("by").asText()).startsWith("Org3MSP/x509::").contains("User3");
        assertThat(failure.get("mspId").asText()).isEqualTo("Org3MSP");
        assertThat(failure.get("reason").asText()).isEqualTo("engine unreachable");
        assertThat(failure.get("at").asText()).isEqualTo("2026-01-01T00:00:05Z");
        assertThat(failure.get("txId").asText()).isEqualTo(f.ledger.lastEvent().txId());
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("FAILED");
        assertThat(event.get("taskStatus").asText()).isEqualTo("FAILED");
        assertThat(f.allPending("Org3MSP")).isEmpty();
        assertThat(f.listTasks("FAILED", 10, "").get("items").get(0).get("taskId").asText()).isEqualTo(taskId);
        assertThat(f.listTasks("RUNNING", 10, "").get("items")).isEmpty();
    }

    @Test
    @DisplayName("S1.5 failure reports are checked: participant, attempt, reason")
    void badFailureReports() {
        f.rejects(ErrorCode.FORBIDDEN, f.user1, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", "no"));
        f.rejects(ErrorCode.CONFLICT, f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "2", "no"));
        f.rejects(ErrorCode.CONFLICT, f.user1, ctx -> f.contract.reportFailure(ctx, taskId, "merge", "1", "no"));
        f.rejects(ErrorCode.BAD_REQUEST, f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", " "));
        f.rejects(ErrorCode.TOO_LARGE, f.user3,
                ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", "r".repeat(1025)));
        f.rejects(ErrorCode.NOT_FOUND, f.user3, ctx -> f.contract.reportFailure(ctx, "1".repeat(64), "enrich", "1", "x"));
    }

    @Test
    @DisplayName("S1.5 issue 9 item 8: CheckTimeout fails READY subtasks only once deadline plus the peer's time window "
            + "has passed, so a proposal stamped up to 15 minutes ahead cannot fail work early")
    void timeoutOnTransactionTime() {
        // enrich is due at 00:20:00 (1200 s); a timestamp 15 min ahead of 00:34:59 must not fail it.
        f.ledger.advanceClock(Duration.ofSeconds(1200 + 900 - 1));
        var before = f.ledger.snapshot();
        int events = f.ledger.events().size();
        JsonNode unchanged = TaskFixture.json(f.ledger.submit(f.user2, ctx -> f.contract.checkTimeout(ctx, taskId)));
        assertThat(unchanged.get("task").get("status").asText()).isEqualTo("RUNNING");
        assertThat(f.ledger.snapshot()).isEqualTo(before);
        assertThat(f.ledger.events()).hasSize(events);

        f.ledger.advanceClock(Duration.ofSeconds(1));
        JsonNode view = TaskFixture.json(f.ledger.submit(f.user2, ctx -> f.contract.checkTimeout(ctx, taskId)));
        assertThat(view.get("task").get("status").asText()).isEqualTo("FAILED");
        assertThat(view.get("subtasks")).extracting(s -> s.get("state").get("status").asText())
                .containsExactly("READY", "FAILED", "PENDING");
        JsonNode failure = view.get("subtasks").get(1).get("state").get("failures").get(0);
        assertThat(failure.get("kind").asText()).isEqualTo("TIMEOUT");
        assertThat(failure.get("reason").asText()).contains("timeout").contains("2026-01-01T00:20:00Z");
        assertThat(f.lastEvent().get("kind").asText()).isEqualTo("FAILED");

        f.ledger.advanceClock(Duration.ofSeconds(600));
        view = TaskFixture.json(f.ledger.submit(f.user3, ctx -> f.contract.checkTimeout(ctx, taskId)));
        assertThat(view.get("subtasks")).extracting(s -> s.get("state").get("status").asText())
                .containsExactly("FAILED", "FAILED", "PENDING");
        f.rejects(ErrorCode.FORBIDDEN, f.outsider, ctx -> f.contract.checkTimeout(ctx, taskId));
    }

    @Test
    @DisplayName("issue 9 item 8: only the task's owner and identities of its participant organisations may check "
            + "its timeouts")
    void checkTimeoutIsForOwnerAndParticipants() {
        f.register(f.admin1, """
                {"id":"solo","subtasks":[{"name":"s","operation":"sum","participants":["Org1MSP"]}]}""");
        String solo = f.create(f.user1, "solo", "{}");
        f.ledger.advanceClock(Duration.ofSeconds(1800 + 900));
        f.rejects(ErrorCode.FORBIDDEN, f.user2, ctx -> f.contract.checkTimeout(ctx, solo));
        JsonNode view = TaskFixture.json(f.ledger.submit(f.user1, ctx -> f.contract.checkTimeout(ctx, solo)));
        assertThat(view.get("task").get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    @DisplayName("issue 9 item 8: a subtask timeout must exceed the peer's time window")
    void timeoutsBelowTheWindowAreRefused() {
        f.rejects(ErrorCode.INVALID_DEFINITION, f.admin1, ctx -> f.contract.registerDefinition(ctx, """
                {"id":"quick","subtasks":[{"name":"s","operation":"sum","participants":["Org1MSP"],
                 "timeoutSeconds":900}]}"""));
    }

    @Test
    @DisplayName("S1.5 a retry reopens the failed subtask at the next attempt and keeps successful subtasks")
    void retryKeepsSuccessfulSubtasks() {
        f.submit(f.user1, taskId, "extract", 1, "rows");
        f.submit(f.user2, taskId, "extract", 1, "rows");
        f.ledger.submit(f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", "crashed"));

        f.ledger.advanceClock(Duration.ofSeconds(60));
        JsonNode reopened = TaskFixture.json(f.ledger.submit(f.user1,
                ctx -> f.contract.retrySubtask(ctx, taskId, "enrich")));
        assertThat(reopened.get("status").asText()).isEqualTo("READY");
        assertThat(reopened.get("attempt").asInt()).isEqualTo(2);
        assertThat(reopened.get("deadline").asText()).isEqualTo("2026-01-01T00:21:00Z");
        assertThat(reopened.get("failures").get(0).get("reason").asText()).isEqualTo("crashed");
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("RETRIED");
        assertThat(event.get("taskStatus").asText()).isEqualTo("RUNNING");
        assertThat(TaskFixture.readyNames(event)).containsExactly("enrich");
        assertThat(event.get("ready").get(0).get("attempt").asInt()).isEqualTo(2);
        assertThat(f.allPending("Org3MSP")).containsExactly(taskId + "/enrich@2");

        JsonNode extract = f.subtask(taskId, "extract");
        assertThat(extract.get("state").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(extract.get("results")).hasSize(2);

        f.submit(f.user3, taskId, "enrich", 2, "score");
        assertThat(TaskFixture.readyNames(f.lastEvent())).containsExactly("merge");
        for (var who : new dev.weft.chaincode.testing.TestIdentity[] {f.user1, f.user2, f.user3}) {
            f.submit(who, taskId, "merge", 1, "done");
        }
        assertThat(f.task(taskId).get("task").get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    @DisplayName("S1.5 only the task's owner or an admin of a participant organisation may retry")
    void retryAccess() {
        f.ledger.submit(f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", "crashed"));
        var otherClientOfOwnersOrg = dev.weft.chaincode.testing.TestIdentity.client("Org1MSP", "User9");
        f.rejects(ErrorCode.FORBIDDEN, otherClientOfOwnersOrg, ctx -> f.contract.retrySubtask(ctx, taskId, "enrich"));
        f.rejects(ErrorCode.FORBIDDEN, f.user3, ctx -> f.contract.retrySubtask(ctx, taskId, "enrich"));
        f.rejects(ErrorCode.FORBIDDEN, f.admin2, ctx -> f.contract.retrySubtask(ctx, taskId, "enrich"));
        f.ledger.submit(f.admin3, ctx -> f.contract.retrySubtask(ctx, taskId, "enrich"));
        assertThat(f.status(taskId, "enrich")).isEqualTo("READY");
    }

    @Test
    @DisplayName("S1.5 only a FAILED subtask of a FAILED task can be retried")
    void retryNeedsFailure() {
        f.rejects(ErrorCode.CONFLICT, f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "extract"));
        f.ledger.submit(f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", "crashed"));
        f.rejects(ErrorCode.CONFLICT, f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "extract"));
        f.rejects(ErrorCode.CONFLICT, f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "merge"));
        f.rejects(ErrorCode.NOT_FOUND, f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "ghost"));
        f.rejects(ErrorCode.NOT_FOUND, f.user1, ctx -> f.contract.retrySubtask(ctx, "2".repeat(64), "enrich"));
    }

    @Test
    @DisplayName("S1.5 retries are bounded: a subtask has at most 32 attempts")
    void retriesAreBounded() {
        for (int attempt = 1; attempt < Checks.MAX_ATTEMPTS; attempt++) {
            String n = String.valueOf(attempt);
            f.ledger.submit(f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", n, "flaky"));
            f.ledger.submit(f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "enrich"));
        }
        assertThat(f.subtask(taskId, "enrich").get("state").get("failures")).hasSize(Checks.MAX_ATTEMPTS - 1);
        f.ledger.submit(f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "32", "flaky"));
        assertThat(f.rejects(ErrorCode.CONFLICT, f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "enrich")))
                .contains("all 32 attempts");
    }

    @Test
    @DisplayName("S1.5 a failed task is halted; the retry that restores it makes ready what completed meanwhile")
    void haltedTaskResumesOnRetry() {
        f.registerActive(f.admin1, """
                {"id":"fork","subtasks":[{"name":"a","operation":"op","participants":["Org1MSP"]},
                  {"name":"b","operation":"op","participants":["Org2MSP"]},
                  {"name":"c","operation":"op","participants":["Org3MSP"],"dependsOn":["a"]}]}""");
        String fork = f.create(f.user1, "fork", "{}");
        f.ledger.submit(f.user2, ctx -> f.contract.reportFailure(ctx, fork, "b", "1", "bad input"));
        f.submit(f.user1, fork, "a", 1, "A");
        assertThat(f.status(fork, "a")).isEqualTo("COMPLETED");
        assertThat(f.status(fork, "c")).isEqualTo("PENDING");
        assertThat(f.lastEvent().get("taskStatus").asText()).isEqualTo("FAILED");

        f.ledger.submit(f.user1, ctx -> f.contract.retrySubtask(ctx, fork, "b"));
        JsonNode event = f.lastEvent();
        assertThat(TaskFixture.readyNames(event)).containsExactly("b", "c");
        assertThat(TaskFixture.inputs(event.get("ready").get(1))).containsEntry("result:a/Org1MSP", "A");
    }

    @Test
    @DisplayName("S1.5 with two failed subtasks the task runs again only once both are retried")
    void severalFailuresNeedSeveralRetries() {
        f.ledger.advanceClock(Duration.ofSeconds(1800 + 900));
        f.ledger.submit(f.user1, ctx -> f.contract.checkTimeout(ctx, taskId));
        f.ledger.submit(f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "extract"));
        assertThat(f.lastEvent().get("taskStatus").asText()).isEqualTo("FAILED");
        assertThat(TaskFixture.readyNames(f.lastEvent())).containsExactly("extract");
        f.ledger.submit(f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "enrich"));
        assertThat(f.lastEvent().get("taskStatus").asText()).isEqualTo("RUNNING");
        assertThat(f.task(taskId).get("task").get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    @DisplayName("S1.5 after a disagreement the retried attempt collects fresh results")
    void retryAfterDisagreement() {
        f.submit(f.user1, taskId, "extract", 1, "a");
        f.submit(f.user2, taskId, "extract", 1, "b");
        f.ledger.submit(f.admin2, ctx -> f.contract.retrySubtask(ctx, taskId, "extract"));
        assertThat(f.allPending("Org1MSP")).containsExactly(taskId + "/extract@2");
        f.submit(f.user1, taskId, "extract", 2, "a");
        f.submit(f.user2, taskId, "extract", 2, "a");
        JsonNode extract = f.subtask(taskId, "extract");
        assertThat(extract.get("state").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(extract.get("state").get("failures")).hasSize(1);
        assertThat(extract.get("results")).extracting(r -> r.get("attempt").asInt()).containsOnly(2);
    }
}
