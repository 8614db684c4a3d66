package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The aggregate unit's {@code delay-ms}: a long execution on demand, for crash tests and benchmarks. */
class EngineAggregateDelayTest {
    InProcessEngine engine;

    @BeforeEach
    void start() {
        engine = InProcessEngine.start(EngineFramework.builder().name("Org1MSP")
                .units(BuiltinUnits.create(java.util.Set.of("aggregate"), null)).build(), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    @DisplayName("S0.8 a delayed execution is RUNNING until the delay passes; a resend attaches; the result is unchanged")
    void delayedExecutionRunsOnceAndGivesTheSameResult() {
        ExecuteRequest slow = request("sum").putParameters("values", "1,2,3").putParameters("delay-ms", "400")
                .setDetach(true).build();
        long started = System.nanoTime();
        assertThat(engine.client().execute(slow).getState()).isEqualTo(ExecutionState.RUNNING);
        assertThat(engine.client().queryResult(slow.getTaskId(), "s1", 1).getState())
                .isEqualTo(ExecutionState.RUNNING);

        ExecuteResponse resent = engine.client().execute(slow.toBuilder().setDetach(false)
                .setSendMode(SendMode.RESEND).build());
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(resent.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(resent.getRuns()).isEqualTo(1);
        assertThat(resent.getReused()).isTrue();

        ExecuteResponse plain = engine.client().execute(request("sum").putParameters("values", "1,2,3").build());
        assertThat(resent.getValue()).isEqualTo(plain.getValue());
        assertThat(resent.getDigest()).isEqualTo(plain.getDigest());
    }

    @Test
    @DisplayName("S1.6 a delay-ms that is not 0..600000 fails the task's execution (no unit fault) without waiting")
    void badDelayIsTheTasksFailure() {
        for (String bad : List.of("-1", "soon", "600001")) {
            ExecuteResponse r = engine.client().execute(request("sum").putParameters("values", "1")
                    .putParameters("delay-ms", bad).build());
            assertThat(r.getState()).as(bad).isEqualTo(ExecutionState.FAILED);
            assertThat(r.getUnitFault()).isFalse();
            assertThat(r.getError()).contains("delay-ms", bad);
        }
    }

    @Test
    @DisplayName("S0.9 a unit whose wait is interrupted mid-task ends as a unit fault, and the next send runs it again")
    void interruptedDelayIsAUnitFault() throws Exception {
        ExecuteRequest slow = request("sum").putParameters("values", "5").putParameters("delay-ms", "60000")
                .setDetach(true).build();
        engine.client().execute(slow);
        Thread unit = awaitUnitThread();
        unit.interrupt();

        ExecuteResponse fault = awaitEnd(slow);
        assertThat(fault.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(fault.getUnitFault()).isTrue();

        ExecuteResponse again = engine.client().execute(slow.toBuilder().setDetach(false).setSendMode(SendMode.RESEND)
                .putParameters("delay-ms", "0").build());
        assertThat(again.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(again.getRuns()).isEqualTo(2);
    }

    /** The unit worker that is sleeping in the aggregate unit's delay. */
    private static Thread awaitUnitThread() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                boolean inDelay = java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().equals(AggregateUnit.class.getName()));
                if (e.getKey().getName().startsWith("weft-unit-") && inDelay
                        && e.getKey().getState() == Thread.State.TIMED_WAITING) {
                    return e.getKey();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no unit thread is waiting in its delay");
    }

    private ExecuteResponse awaitEnd(ExecuteRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ExecuteResponse r;
        do {
            Thread.sleep(20);
            r = engine.client().queryResult(request.getTaskId(), request.getSubtaskId(), request.getAttempt());
        } while (r.getState() == ExecutionState.RUNNING && System.nanoTime() < deadline);
        return r;
    }
}
