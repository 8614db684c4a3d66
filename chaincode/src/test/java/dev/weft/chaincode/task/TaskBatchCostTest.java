package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.testing.FakeStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The peer round trips of a batch, counted on the fake ledger (issue 16): every state call of a chaincode
 * (read, write, key-level policy, range) is a message to the peer and back, and a batch's endorsement time
 * grows with them. Keys every entry of a batch reads alike (the member list, the definition and its
 * approvals) are read from the peer once a transaction, so an entry's share is the same whatever the
 * batch's size, and smaller than the entry's own transaction.
 */
class TaskBatchCostTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ONE = "{\"id\":\"one\",\"subtasks\":[{\"name\":\"work\",\"operation\":\"sum\","
            + "\"participants\":[\"Org1MSP\"]}]}";

    private static int createCalls(TaskFixture f, int n) {
        String entries = IntStream.range(0, n).mapToObj(i -> "{\"definitionId\":\"one\"}")
                .collect(Collectors.joining(",", "[", "]"));
        FakeStub stub = f.ledger.begin(f.user1);
        String response = f.contract.createTasks(new Context(stub), entries);
        f.ledger.commit(stub);
        assertThat(response).doesNotContain("\"code\"");
        return stub.stateCallCount();
    }

    private static int singleCreateCalls(TaskFixture f) {
        FakeStub stub = f.ledger.begin(f.user1);
        f.contract.createTask(new Context(stub), "one", "");
        f.ledger.commit(stub);
        return stub.stateCallCount();
    }

    @Test
    @DisplayName("a creation in a batch costs fewer peer round trips than alone, the same at 2 and 64 entries")
    void creationsShareTheirCommonReads() {
        TaskFixture f = new TaskFixture();
        f.registerActive(f.admin1, ONE);
        int alone = singleCreateCalls(f);
        int two = createCalls(f, 2);
        int sixtyFour = createCalls(f, 64);
        int perEntry = (sixtyFour - two) / 62;
        assertThat(perEntry * 62).as("calls grow by the same amount with every entry").isEqualTo(sixtyFour - two);
        // the member list, the definition and its approvals: read once a batch, not once an entry
        assertThat(perEntry).as("an entry's own calls, against %d for a creation alone", alone)
                .isLessThanOrEqualTo(alone - 3);
        assertThat(two - 2 * perEntry).as("calls made once a batch").isGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("a result in a batch costs fewer peer round trips than alone, the same at 2 and 64 entries")
    void resultsShareTheirCommonReads() throws Exception {
        TaskFixture f = new TaskFixture();
        f.registerActive(f.admin1, ONE);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 67; i++) {
            ids.add(f.create(f.user1, "one", ""));
        }
        FakeStub single = f.ledger.begin(f.user1);
        f.contract.submitResult(new Context(single), ids.get(0), "work", "1", TaskFixture.sha256("6"), "6");
        f.ledger.commit(single);
        int two = submitCalls(f, ids.subList(1, 3));
        int sixtyFour = submitCalls(f, ids.subList(3, 67));
        int perEntry = (sixtyFour - two) / 62;
        assertThat(perEntry * 62).as("calls grow by the same amount with every entry").isEqualTo(sixtyFour - two);
        assertThat(perEntry).as("an entry's own calls, against %d for a result alone", single.stateCallCount())
                .isLessThan(single.stateCallCount());
    }

    @Test
    @DisplayName("a task of one subtask writes no graph key and its result reads none; a result on its reserved key "
            + "sets no policy again and the key keeps the owner's")
    void oneSubtaskTasksAndReservedResultsSaveRoundTrips() {
        TaskFixture f = new TaskFixture();
        f.registerActive(f.admin1, ONE);
        String id = f.create(f.user1, "one", "");
        assertThat(f.ledger.snapshot().keySet()).noneMatch(k -> k.contains(TaskKeys.GRAPH));
        String resultKey = f.ledger.evaluate(f.user1, ctx -> Ledger.of(ctx).key(TaskKeys.RESULT, id, "work",
                TaskFixture.ORG1));
        byte[] reserved = f.ledger.validationParameter(resultKey);
        assertThat(reserved).as("the reservation's policy").isNotNull();

        FakeStub stub = f.ledger.begin(f.user1);
        f.contract.submitResult(new Context(stub), id, "work", "1", TaskFixture.sha256("6"), "6");
        assertThat(stub.readKeys()).noneMatch(k -> k.contains(TaskKeys.GRAPH));
        assertThat(stub.policyWriteKeys()).isEmpty();
        f.ledger.commit(stub, Set.of(TaskFixture.ORG1, TaskFixture.ORG2));
        assertThat(f.task(id).path("task").path("status").asText()).isEqualTo("COMPLETED");
        assertThat(f.ledger.validationParameter(resultKey)).isEqualTo(reserved);
        assertThat(f.ledger.endorsable(resultKey, Set.of(TaskFixture.ORG2, TaskFixture.ORG3)))
                .as("other organisations still cannot rewrite it").isFalse();

        TaskFixture pipeline = TaskFixture.withPipeline();
        pipeline.create(pipeline.user1, "pipeline", "{}");
        assertThat(pipeline.ledger.snapshot().keySet()).as("a task of several subtasks keeps its graph key")
                .anyMatch(k -> k.contains(TaskKeys.GRAPH));
    }

    private static int submitCalls(TaskFixture f, List<String> taskIds) throws Exception {
        String entries = taskIds.stream().map(id -> "{\"taskId\":\"" + id + "\",\"subtaskId\":\"work\",\"attempt\":1,"
                + "\"digest\":\"" + TaskFixture.sha256("6") + "\",\"value\":\"6\"}")
                .collect(Collectors.joining(",", "[", "]"));
        FakeStub stub = f.ledger.begin(f.user1);
        String response = f.contract.submitResults(new Context(stub), entries);
        f.ledger.commit(stub);
        for (JsonNode o : JSON.readTree(response).path("outcomes")) {
            assertThat(o.path("status").asText()).isEqualTo("COMPLETED");
        }
        return stub.stateCallCount();
    }
}
