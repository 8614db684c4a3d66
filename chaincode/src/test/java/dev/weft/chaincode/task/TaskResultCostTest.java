package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.testing.FakeStub;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The chaincode's cost of one result, counted on the fake ledger: the keys a result reads and writes do
 * not grow with the number of subtasks of its task (issue 16). A chain of N subtasks, each depending on
 * the one before, is the shape where the old code read every subtask on each completion (readiness and
 * completion checks) and the new one reads only the dependents and the sinks.
 */
class TaskResultCostTest {

    /** Reads and writes of one result transaction. */
    record Cost(int reads, int writes, int ranges) {
    }

    /** Costs of: the result completing s0 (readies s1), and the result completing the last subtask (completes the task). */
    record ChainCost(Cost first, Cost last, String status) {
    }

    private static String chain(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> "{\"name\":\"s" + i + "\",\"operation\":\"op\",\"participants\":[\"Org1MSP\"]"
                        + (i == 0 ? "" : ",\"dependsOn\":[\"s" + (i - 1) + "\"]") + "}")
                .collect(Collectors.joining(",", "{\"id\":\"chain" + n + "\",\"subtasks\":[", "]}"));
    }

    private static Cost submit(TaskFixture f, String taskId, String subtask) {
        FakeStub stub = f.ledger.begin(f.user1);
        f.contract.submitResult(new Context(stub), taskId, subtask, "1", TaskFixture.sha256("v"), "v");
        f.ledger.commit(stub);
        return new Cost(stub.readCount(), stub.writeCount(), stub.rangeReadCount());
    }

    private static ChainCost measure(int n) {
        TaskFixture f = new TaskFixture();
        f.registerActive(f.admin1, chain(n));
        String taskId = f.create(f.user1, "chain" + n, "");
        Cost first = submit(f, taskId, "s0");
        for (int i = 1; i < n - 1; i++) {
            submit(f, taskId, "s" + i);
        }
        Cost last = submit(f, taskId, "s" + (n - 1));
        return new ChainCost(first, last, f.task(taskId).path("task").path("status").asText());
    }

    @Test
    @DisplayName("a result's reads and writes are the same for a task of 10 and of 1000 subtasks")
    void resultCostDoesNotGrowWithSubtasks() {
        ChainCost small = measure(10);
        ChainCost large = measure(1000);
        assertThat(small.status()).isEqualTo("COMPLETED");
        assertThat(large.status()).isEqualTo("COMPLETED");
        assertThat(large.first()).as("result that readies the next subtask").isEqualTo(small.first());
        assertThat(large.last()).as("result that completes the task").isEqualTo(small.last());
        assertThat(large.first().ranges()).isZero();
        assertThat(large.last().ranges()).isZero();
        // bounded in absolute terms too: far below the 1000 subtask keys the old completion check read
        assertThat(large.first().reads()).isLessThan(20);
        assertThat(large.last().reads()).isLessThan(20);
    }
}
