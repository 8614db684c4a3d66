package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.testing.FakeStub;
import java.util.List;
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

    private static String fanIn(int n) {
        String leaves = IntStream.range(1, n).mapToObj(i -> String.format(java.util.Locale.ROOT,
                "{\"name\":\"l%04d\",\"operation\":\"op\",\"participants\":[\"Org1MSP\"]}", i))
                .collect(Collectors.joining(","));
        String deps = IntStream.range(1, n).mapToObj(i -> String.format(java.util.Locale.ROOT, "\"l%04d\"", i))
                .collect(Collectors.joining(","));
        return "{\"id\":\"fanin" + n + "\",\"subtasks\":[" + leaves + ",{\"name\":\"combine\",\"operation\":\"op\","
                + "\"participants\":[\"Org1MSP\"],\"dependsOn\":[" + deps + "]}]}";
    }

    /** Reads of the leaves' results, returned in some order: the most of any but the last, and the last's. */
    record FanInReads(int most, int last) {
    }

    private static FanInReads fanInReads(int n, List<Integer> order) {
        TaskFixture f = new TaskFixture();
        f.registerActive(f.admin1, fanIn(n));
        String taskId = f.create(f.user1, "fanin" + n, "");
        int most = 0;
        int last = 0;
        for (int k = 0; k < order.size(); k++) {
            Cost c = submit(f, taskId, String.format(java.util.Locale.ROOT, "l%04d", order.get(k)));
            if (k < order.size() - 1) {
                most = Math.max(most, c.reads());
            } else {
                last = c.reads();
            }
        }
        assertThat(f.status(taskId, "combine")).as("the fan-in is ready once every leaf has completed")
                .isEqualTo("READY");
        return new FanInReads(most, last);
    }

    @Test
    @DisplayName("a leaf's result of a fan-in reads as many keys at 10 as at 1000 leaves when they complete in "
            + "definition order, and the fan-in becomes ready in every order")
    void fanInResultsDoNotReadEveryDependency() {
        List<Integer> large = IntStream.range(1, 1000).boxed().toList();
        FanInReads small = fanInReads(10, IntStream.range(1, 10).boxed().toList());
        FanInReads wide = fanInReads(1000, large);
        assertThat(wide.most()).as("most reads of a leaf's result, 1000 leaves against 10").isEqualTo(small.most());
        assertThat(wide.last()).as("the last result checks every dependency once").isGreaterThanOrEqualTo(999);
        List<Integer> reversed = new java.util.ArrayList<>(IntStream.range(1, 300).boxed().toList());
        java.util.Collections.reverse(reversed);
        fanInReads(300, reversed);
        List<Integer> shuffled = new java.util.ArrayList<>(large);
        java.util.Collections.shuffle(shuffled, new java.util.Random(16));
        fanInReads(1000, shuffled);
    }

    /** The most reads of any result but the last, for a task of {@code n} independent subtasks (all sinks). */
    private static int independentReads(int n) {
        String subtasks = IntStream.range(0, n).mapToObj(i -> String.format(java.util.Locale.ROOT,
                "{\"name\":\"s%04d\",\"operation\":\"op\",\"participants\":[\"Org1MSP\"]}", i))
                .collect(Collectors.joining(","));
        TaskFixture f = new TaskFixture();
        f.registerActive(f.admin1, "{\"id\":\"wide" + n + "\",\"subtasks\":[" + subtasks + "]}");
        String taskId = f.create(f.user1, "wide" + n, "");
        int most = 0;
        for (int i = 0; i < n; i++) {
            Cost c = submit(f, taskId, String.format(java.util.Locale.ROOT, "s%04d", i));
            if (i < n - 1) {
                most = Math.max(most, c.reads());
            }
        }
        assertThat(f.task(taskId).path("task").path("status").asText()).isEqualTo("COMPLETED");
        return most;
    }

    @Test
    @DisplayName("in a task of independent subtasks (every one a sink), a result reads as many keys at 10 as at 1000")
    void completionCheckDoesNotReadEverySink() {
        assertThat(independentReads(1000)).isEqualTo(independentReads(10));
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
