package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.weft.gateway.engine.EngineException.Reason;
import dev.weft.proto.engine.v1.HealthResponse;
import dev.weft.proto.engine.v1.Input;
import dev.weft.proto.engine.v1.SendMode;
import dev.weft.proto.engine.v1.UnitStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S0.5 dispatch by operation, and clear gRPC errors for what the engine will not run")
class EngineErrorsTest {
    final GatedUnit gated = new GatedUnit();
    final InProcessEngine engine = InProcessEngine.start(List.of(gated, new Sha256Unit(), new CombineUnit()));

    @AfterEach
    void stop() {
        gated.gate.countDown();
        engine.close();
    }

    private static EngineException.Reason reasonOf(Throwable e) {
        return ((EngineException) e).reason();
    }

    @Test
    @DisplayName("S0.5 Health lists every unit with its operations and availability")
    void healthListsUnitsAndOperations() {
        HealthResponse health = engine.client().health();
        assertThat(health.getFramework()).isEqualTo("Org1MSP");
        assertThat(health.getUnitsList()).extracting(UnitStatus::getName).containsExactly("gated", "sha256", "combine");
        assertThat(health.getUnits(0).getOperationsList()).containsExactly("echo", "reject");
        assertThat(health.getUnits(2).getOperationsList()).containsExactly("combine", "merge");
        assertThat(health.getUnitsList()).allMatch(UnitStatus::getAvailable);
    }

    @Test
    @DisplayName("S0.5 an operation no unit serves is NOT_FOUND, naming what the engine serves")
    void unknownOperationIsNotFound() {
        assertThatThrownBy(() -> engine.client().execute(request("teleport").build()))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("no unit for operation 'teleport'").hasMessageContaining("sha256")
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.UNKNOWN_OPERATION))
                .cause().isInstanceOfSatisfying(StatusRuntimeException.class,
                        s -> assertThat(s.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    @DisplayName("S0.8 a request without IDs or send mode is INVALID_ARGUMENT")
    void malformedRequestsAreInvalidArgument() {
        assertInvalid(request("sha256").setTaskId(""), "task_id is required");
        assertInvalid(request("sha256").setSubtaskId(""), "subtask_id is required");
        assertInvalid(request("sha256").setSendMode(SendMode.SEND_MODE_UNSPECIFIED), "send_mode");
        Input a = Input.newBuilder().setName("result:a/Org1MSP").setValue(ByteString.copyFromUtf8("1")).build();
        assertInvalid(request("sha256").addInputs(a).addInputs(a), "given twice");
    }

    @Test
    @DisplayName("S1.8 a prefetched input that does not match its digest is refused before any unit runs")
    void corruptInputIsRefused() {
        Input corrupt = Input.newBuilder().setName("result:a/Org1MSP").setValue(ByteString.copyFromUtf8("42"))
                .setDigest(Digests.sha256Hex("41".getBytes())).build();
        assertInvalid(request("sha256").addInputs(corrupt), "does not match its digest");
        assertThat(engine.framework().health().getUnits(1).getExecutions()).isZero();
    }

    @Test
    @DisplayName("S0.10 an unavailable unit gets no work: UNAVAILABLE, so the scheduler reschedules (S0.9)")
    void unavailableUnitIsUnavailable() {
        gated.available = false;
        assertThat(engine.client().health().getUnits(0).getAvailable()).isFalse();
        assertThatThrownBy(() -> engine.client().execute(request("echo").build()))
                .isInstanceOf(EngineException.class).hasMessageContaining("unit gated").hasMessageContaining("unavailable")
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.UNIT_UNAVAILABLE))
                .satisfies(e -> assertThat(reasonOf(e).reschedule()).isTrue());
        assertThat(gated.calls).hasValue(0);
        assertThat(engine.client().queryResult(request("echo").getTaskId(), "s1", 1).getState())
                .isEqualTo(dev.weft.proto.engine.v1.ExecutionState.UNKNOWN_EXECUTION);
    }

    @Test
    @DisplayName("S0.7 an engine that cannot be reached is ENGINE_UNAVAILABLE")
    void unreachableEngineIsEngineUnavailable() {
        var channel = InProcessChannelBuilder.forName("no-engine-" + System.nanoTime()).build();
        try (EngineClient client = EngineClient.builder().channel(channel).build()) {
            assertThatThrownBy(client::health).isInstanceOfSatisfying(EngineException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.ENGINE_UNAVAILABLE));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    @DisplayName("S1.7 plaintext is refused to anything but a loopback endpoint")
    void plaintextOnlyToLoopback() {
        assertThatThrownBy(() -> EngineClient.builder().endpoint("example.com:7060").insecureLoopback().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> EngineClient.builder().endpoint("localhost:7060").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS CA");
    }

    private void assertInvalid(dev.weft.proto.engine.v1.ExecuteRequest.Builder request, String message) {
        assertThatThrownBy(() -> engine.client().execute(request.build()))
                .isInstanceOf(EngineException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.BAD_REQUEST))
                .cause().isInstanceOfSatisfying(StatusRuntimeException.class,
                        s -> assertThat(s.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
}
