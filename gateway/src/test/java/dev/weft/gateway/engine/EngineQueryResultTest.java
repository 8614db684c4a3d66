package dev.weft.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.9 result pull: QueryResult reports an execution's state without starting one")
class EngineQueryResultTest {
    final GatedUnit unit = new GatedUnit();
    final InProcessEngine engine = InProcessEngine.start(List.of(unit));

    @AfterEach
    void stop() {
        unit.gate.countDown();
        engine.close();
    }

    private static ExecuteRequest detached(String subtask, String operation) {
        return ExecuteRequest.newBuilder().setTaskId("t1").setSubtaskId(subtask).setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation(operation).putParameters("text", "x")
                .setDetach(true).build();
    }

    @Test
    @DisplayName("S1.9 an execution the engine never saw is UNKNOWN_EXECUTION, and querying does not start it")
    void unknownExecutionIsReportedAndNotStarted() {
        ExecuteResponse r = engine.client().queryResult("t1", "s1", 1);
        assertThat(r.getState()).isEqualTo(ExecutionState.UNKNOWN_EXECUTION);
        assertThat(unit.calls).hasValue(0);
        assertThat(engine.framework().runs("t1", "s1", 1)).isZero();
    }

    @Test
    @DisplayName("S1.9 a detached execution is RUNNING, then SUCCEEDED with value and digest when pulled")
    void detachedExecutionIsPulledUntilItSucceeds() throws Exception {
        ExecuteResponse started = engine.client().execute(detached("s1", "echo"));
        assertThat(started.getState()).isEqualTo(ExecutionState.RUNNING);
        assertThat(started.getUnit()).isEqualTo("gated");
        assertThat(unit.entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.client().queryResult("t1", "s1", 1).getState()).isEqualTo(ExecutionState.RUNNING);

        unit.gate.countDown();
        ExecuteResponse done = pullUntilFinished("s1");
        assertThat(done.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(done.getValue().toStringUtf8()).isEqualTo("\"x\"");
        assertThat(done.getDigest()).isEqualTo(Digests.sha256Hex(done.getValue().toByteArray()));
        assertThat(done.getRuns()).isEqualTo(1);
        assertThat(engine.client().queryResult("t1", "s1", 2).getState()).isEqualTo(ExecutionState.UNKNOWN_EXECUTION);
    }

    @Test
    @DisplayName("S1.9 a failed execution is FAILED with its error")
    void failedExecutionIsReportedWithItsError() throws Exception {
        unit.gate.countDown();
        engine.client().execute(detached("s2", "reject"));
        ExecuteResponse done = pullUntilFinished("s2");
        assertThat(done.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(done.getError()).isEqualTo("rejected s2");
        assertThat(done.getUnitFault()).isFalse();
    }

    private ExecuteResponse pullUntilFinished(String subtask) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            ExecuteResponse r = engine.client().queryResult("t1", subtask, 1);
            if (r.getState() != ExecutionState.RUNNING) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("execution never finished");
    }
}
