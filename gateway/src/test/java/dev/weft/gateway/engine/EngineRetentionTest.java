package dev.weft.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S0.8 finished executions are kept for a bounded time and number, then forgotten")
class EngineRetentionTest {
    final MovableClock clock = new MovableClock();
    final InProcessEngine engine = InProcessEngine.start(EngineFramework.builder()
            .unit(new Sha256Unit()).retention(Duration.ofMinutes(10), 2).clock(clock).build());

    @AfterEach
    void stop() {
        engine.close();
    }

    private void run(String subtask) {
        engine.client().execute(ExecuteRequest.newBuilder().setTaskId("t").setSubtaskId(subtask).setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation("sha256").putParameters("data", subtask).build());
    }

    private ExecutionState state(String subtask) {
        return engine.client().queryResult("t", subtask, 1).getState();
    }

    @Test
    void keepsAtMostTheNewestFinishedExecutions() {
        run("a");
        run("b");
        run("c");
        assertThat(state("a")).isEqualTo(ExecutionState.UNKNOWN_EXECUTION);
        assertThat(state("b")).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(state("c")).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(engine.framework().registry().size()).isEqualTo(2);
    }

    @Test
    void forgetsFinishedExecutionsAfterTheRetentionPeriod() {
        run("a");
        clock.advance(Duration.ofMinutes(9));
        assertThat(state("a")).isEqualTo(ExecutionState.SUCCEEDED);
        clock.advance(Duration.ofMinutes(2));
        assertThat(state("a")).isEqualTo(ExecutionState.UNKNOWN_EXECUTION);
        assertThat(engine.framework().registry().size()).isZero();
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
