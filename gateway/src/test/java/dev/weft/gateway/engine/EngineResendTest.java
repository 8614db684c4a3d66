package dev.weft.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitRequest;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S0.8 first-send / resend: an attempt runs at most once on an engine")
class EngineResendTest {
    final GatedUnit unit = new GatedUnit();
    final InProcessEngine engine = InProcessEngine.start(List.of(unit));

    @AfterEach
    void stop() {
        unit.gate.countDown();
        engine.close();
    }

    private static ExecuteRequest send(SendMode mode) {
        return ExecuteRequest.newBuilder().setTaskId("t1").setSubtaskId("s1").setAttempt(1).setSendMode(mode)
                .setOperation("echo").putParameters("text", "hello").build();
    }

    private ExecutionRegistry registry() {
        return engine.framework().registry();
    }

    @Test
    @DisplayName("S0.8 a resend while the first send runs attaches to it and waits for its result")
    void resendAttachesToTheRunningExecution() throws Exception {
        CompletableFuture<ExecuteResponse> first =
                CompletableFuture.supplyAsync(() -> engine.client().execute(send(SendMode.FIRST_SEND)));
        assertThat(unit.entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ExecuteResponse> resend =
                CompletableFuture.supplyAsync(() -> engine.client().execute(send(SendMode.RESEND)));
        ExecutionKey key = new ExecutionKey("t1", "s1", 1);
        awaitAttached(key, 1);
        assertThat(first).isNotDone();
        assertThat(resend).isNotDone();

        unit.gate.countDown();

        ExecuteResponse firstResult = first.get(5, TimeUnit.SECONDS);
        ExecuteResponse resendResult = resend.get(5, TimeUnit.SECONDS);
        assertThat(firstResult.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(firstResult.getReused()).isFalse();
        assertThat(resendResult.getReused()).isTrue();
        assertThat(resendResult.getValue()).isEqualTo(firstResult.getValue());
        assertThat(resendResult.getDigest()).isEqualTo(firstResult.getDigest());
        assertThat(unit.calls).hasValue(1);
        assertThat(engine.framework().runs("t1", "s1", 1)).isEqualTo(1);
        assertThat(resendResult.getRuns()).isEqualTo(1);
    }

    @Test
    @DisplayName("S0.8 a resend of a finished execution returns its result with reused=true, without running")
    void resendOfAFinishedExecutionIsAnsweredFromIt() {
        unit.gate.countDown();
        ExecuteResponse first = engine.client().execute(send(SendMode.FIRST_SEND));
        ExecuteResponse again = engine.client().execute(send(SendMode.RESEND));
        ExecuteResponse third = engine.client().execute(send(SendMode.RESEND));

        assertThat(again.getReused()).isTrue();
        assertThat(third.getReused()).isTrue();
        assertThat(again.getValue().toStringUtf8()).isEqualTo("\"hello\"").isEqualTo(first.getValue().toStringUtf8());
        assertThat(unit.calls).hasValue(1);
        assertThat(engine.framework().health().getUnits(0).getExecutions()).isEqualTo(1);
    }

    @Test
    @DisplayName("S0.8 a resend the engine has never seen runs the execution")
    void resendOfAnUnknownExecutionRunsIt() {
        unit.gate.countDown();
        ExecuteResponse r = engine.client().execute(send(SendMode.RESEND));
        assertThat(r.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getReused()).isFalse();
        assertThat(r.getRuns()).isEqualTo(1);
    }

    @Test
    @DisplayName("S0.8 a duplicated first send never runs an attempt twice; another attempt runs anew")
    void duplicateFirstSendIsAnsweredFromTheExecutionAndNewAttemptsRun() {
        unit.gate.countDown();
        engine.client().execute(send(SendMode.FIRST_SEND));
        ExecuteResponse duplicate = engine.client().execute(send(SendMode.FIRST_SEND));
        ExecuteResponse attempt2 = engine.client().execute(send(SendMode.FIRST_SEND).toBuilder().setAttempt(2).build());

        assertThat(duplicate.getReused()).isTrue();
        assertThat(attempt2.getReused()).isFalse();
        assertThat(unit.calls).hasValue(2);
        assertThat(engine.framework().runs("t1", "s1", 1)).isEqualTo(1);
        assertThat(engine.framework().runs("t1", "s1", 2)).isEqualTo(1);
    }

    @Test
    @DisplayName("S0.8 a caller that gave up (deadline) can resend and gets the same execution's result")
    void executionOutlivesACallerThatTimedOut() throws Exception {
        assertThatThrownBy(() -> engine.client().execute(send(SendMode.FIRST_SEND), Duration.ofMillis(200)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.reason()).isEqualTo(EngineException.Reason.TIMEOUT));
        assertThat(engine.client().queryResult("t1", "s1", 1).getState()).isEqualTo(ExecutionState.RUNNING);

        CompletableFuture<ExecuteResponse> resend =
                CompletableFuture.supplyAsync(() -> engine.client().execute(send(SendMode.RESEND)));
        awaitAttached(new ExecutionKey("t1", "s1", 1), 1);
        unit.gate.countDown();

        ExecuteResponse r = resend.get(5, TimeUnit.SECONDS);
        assertThat(r.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getReused()).isTrue();
        assertThat(unit.calls).hasValue(1);
    }

    @Test
    @DisplayName("S0.9 a unit fault is no result: the next send runs the attempt again")
    void unitFaultIsRetriedOnTheNextSend() {
        unit.crashesLeft.set(1);
        unit.gate.countDown();
        ExecuteResponse crashed = engine.client().execute(send(SendMode.FIRST_SEND));
        assertThat(crashed.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(crashed.getUnitFault()).isTrue();
        assertThat(crashed.getError()).contains("backend connection lost");

        ExecuteResponse retried = engine.client().execute(send(SendMode.RESEND));
        assertThat(retried.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(retried.getReused()).isFalse();
        assertThat(retried.getRuns()).isEqualTo(2);
        assertThat(unit.calls).hasValue(2);
    }

    @Test
    @DisplayName("S0.9 a unit that dies with an Error still answers everyone waiting, as a unit fault")
    void unitThatDiesStillAnswersItsWaiters() {
        ComputeUnit dying = new ComputeUnit() {
            public String name() {
                return "dying";
            }

            public java.util.Set<String> operations() {
                return java.util.Set.of("die");
            }

            public byte[] execute(UnitRequest request) {
                throw new AssertionError("out of its mind");
            }
        };
        try (InProcessEngine other = InProcessEngine.start(List.of(dying))) {
            ExecuteResponse r = other.client().execute(InProcessEngine.request("die").build());
            assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(r.getUnitFault()).isTrue();
            assertThat(r.getError()).contains("unit dying crashed");
        }
    }

    @Test
    @DisplayName("S0.8 a task's own failure is its result: a resend returns it without running again")
    void taskFailureIsKeptAndReused() {
        unit.gate.countDown();
        ExecuteRequest reject = send(SendMode.FIRST_SEND).toBuilder().setOperation("reject").build();
        ExecuteResponse failed = engine.client().execute(reject);
        ExecuteResponse again = engine.client().execute(reject.toBuilder().setSendMode(SendMode.RESEND).build());

        assertThat(failed.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(failed.getUnitFault()).isFalse();
        assertThat(failed.getError()).isEqualTo("rejected s1");
        assertThat(again.getReused()).isTrue();
        assertThat(again.getError()).isEqualTo("rejected s1");
        assertThat(unit.calls).hasValue(1);
    }

    @Test
    @DisplayName("issue 9 item 4: a resend with the same key but other parameters or inputs does not get "
            + "the execution's result")
    void reattachNeedsTheSameRequestDigest() {
        unit.gate.countDown();
        ExecuteResponse first = engine.client().execute(send(SendMode.FIRST_SEND));
        ExecuteRequest otherParameters = send(SendMode.RESEND).toBuilder().putParameters("text", "other").build();
        ExecuteRequest otherInputs = send(SendMode.RESEND).toBuilder().addInputs(dev.weft.proto.engine.v1.Input
                .newBuilder().setName("result:up/Org2MSP").setValue(com.google.protobuf.ByteString.copyFromUtf8("1")))
                .build();
        for (ExecuteRequest forged : List.of(otherParameters, otherInputs)) {
            assertThatThrownBy(() -> engine.client().execute(forged)).isInstanceOfSatisfying(EngineException.class,
                    e -> {
                        assertThat(e.reason()).isEqualTo(EngineException.Reason.BAD_REQUEST);
                        assertThat(e.getMessage()).contains("another request");
                    });
        }
        ExecuteResponse same = engine.client().execute(send(SendMode.RESEND));
        assertThat(same.getReused()).isTrue();
        assertThat(same.getValue()).isEqualTo(first.getValue());
        assertThat(unit.calls).hasValue(1);
    }

    private void awaitAttached(ExecutionKey key, int attached) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (registry().find(key).map(Execution::attached).orElse(0) < attached) {
            assertThat(System.nanoTime()).as("resend attached in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
