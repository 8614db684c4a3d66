package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.2 S1.4 queries by task, by status and by participant")
class TaskQueriesTest {
    private final TaskFixture f = TaskFixture.withPipeline();

    private List<String> createTasks(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(f.create(f.user1, "pipeline", "{\"limit\":\"" + (i + 1) + "\"}"));
        }
        return ids;
    }

    @Test
    @DisplayName("S1.4 S1.8 PendingSubtasks pages a participant's waiting work, each item a full ReadySubtask")
    void pendingPerParticipantPages() {
        List<String> ids = createTasks(5);
        JsonNode first = f.pending("Org1MSP", 2, "");
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("bookmark").asText()).isNotEmpty();
        JsonNode item = first.get("items").get(0);
        assertThat(item.get("taskId").asText()).isEqualTo(ids.get(0));
        assertThat(item.get("subtaskId").asText()).isEqualTo("extract");
        assertThat(item.get("operation").asText()).isEqualTo("sql.query");
        assertThat(item.get("attempt").asInt()).isEqualTo(1);
        assertThat(TaskFixture.inputs(item)).containsEntry("param:limit", "1").containsEntry("param:table", "sales");
        JsonNode second = f.pending("Org1MSP", 2, first.get("bookmark").asText());
        JsonNode third = f.pending("Org1MSP", 2, second.get("bookmark").asText());
        assertThat(second.get("items")).hasSize(2);
        assertThat(third.get("items")).hasSize(1);
        assertThat(third.get("bookmark").asText()).isEmpty();
        assertThat(f.allPending("Org1MSP")).containsExactlyElementsOf(ids.stream().map(id -> id + "/extract@1").toList());
        assertThat(f.allPending("Org3MSP")).containsExactlyElementsOf(ids.stream().map(id -> id + "/enrich@1").toList());

        // a participant's entry goes when it submits; the others' stay until the subtask ends
        String t = ids.get(2);
        f.submit(f.user1, t, "extract", 1, "x");
        assertThat(f.allPending("Org1MSP")).hasSize(4).doesNotContain(t + "/extract@1");
        assertThat(f.allPending("Org2MSP")).hasSize(5).contains(t + "/extract@1");
        f.submit(f.user2, t, "extract", 1, "x");
        f.submit(f.user3, t, "enrich", 1, "e");
        assertThat(f.allPending("Org2MSP")).hasSize(5).contains(t + "/merge@1").doesNotContain(t + "/extract@1");
        assertThat(f.allPending("Org3MSP")).hasSize(5).contains(t + "/merge@1");
        JsonNode merge = f.pending("Org3MSP", 200, "").get("items").get(2);
        assertThat(TaskFixture.inputs(merge)).containsEntry("result:enrich/Org3MSP", "e");
        assertThat(f.allPending("EvilMSP")).isEmpty();
    }

    @Test
    @DisplayName("S1.2 ListTasks pages the tasks of one status through its own index")
    void listByStatus() {
        List<String> ids = createTasks(3);
        f.ledger.submit(f.user3, ctx -> f.contract.reportFailure(ctx, ids.get(1), "enrich", "1", "no"));
        JsonNode running = f.listTasks("RUNNING", 1, "");
        assertThat(running.get("items")).extracting(t -> t.get("taskId").asText()).containsExactly(ids.get(0));
        JsonNode next = f.listTasks("RUNNING", 1, running.get("bookmark").asText());
        assertThat(next.get("items")).extracting(t -> t.get("taskId").asText()).containsExactly(ids.get(2));
        assertThat(next.get("bookmark").asText()).isEmpty();
        JsonNode failed = f.listTasks("FAILED", 10, "");
        assertThat(failed.get("items")).extracting(t -> t.get("status").asText()).containsExactly("FAILED");
        assertThat(failed.get("bookmark").asText()).isEmpty();
        assertThat(f.listTasks("COMPLETED", 10, "").get("items")).isEmpty();
    }

    @Test
    @DisplayName("S1.2 bad query arguments are BAD_REQUEST")
    void badQueryArguments() {
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.listTasks(ctx, "DONE", "10", ""));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.listTasks(ctx, "RUNNING", "ten", ""));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.listTasks(ctx, "RUNNING", "0", ""));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.listTasks(ctx, "RUNNING", "201", ""));
        f.rejects(ErrorCode.BAD_REQUEST, f.user1, ctx -> f.contract.pendingSubtasks(ctx, "Org 1", "10", ""));
        String defaultPage = f.ledger.evaluate(f.user1, ctx -> f.contract.pendingSubtasks(ctx, "Org1MSP", "", ""));
        assertThat(TaskFixture.json(defaultPage).get("items")).isEmpty();
    }

    @Test
    @DisplayName("S1.2 GetTask shows every subtask's state, results and failure reasons; GetSubtask one of them")
    void getTaskAndSubtask() {
        String taskId = createTasks(1).get(0);
        f.submit(f.user1, taskId, "extract", 1, "rows");
        f.ledger.submit(f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", "quota"));
        JsonNode view = f.task(taskId);
        assertThat(view.get("task").get("subtasks").toString()).isEqualTo("[\"extract\",\"enrich\",\"merge\"]");
        JsonNode extract = view.get("subtasks").get(0);
        assertThat(extract.get("results")).hasSize(1);
        assertThat(extract.get("results").get(0).get("mspId").asText()).isEqualTo("Org1MSP");
        assertThat(extract.get("results").get(0).get("value").asText()).isEqualTo("rows");
        assertThat(view.get("subtasks").get(1).get("state").get("failures").get(0).get("reason").asText())
                .isEqualTo("quota");
        assertThat(view.get("subtasks").get(2).get("results")).isEmpty();
        assertThat(f.subtask(taskId, "extract")).isEqualTo(extract);
    }
}
