package dev.weft.gateway.engine;

import com.google.protobuf.ByteString;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.Input;
import dev.weft.proto.engine.v1.SendMode;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** A real engine server on an in-process transport, with a client to it. */
final class InProcessEngine implements AutoCloseable {
    private final EngineServer server;
    private final ManagedChannel channel;
    private final EngineClient client;

    private InProcessEngine(EngineFramework framework, Duration deadline) {
        String name = "engine-" + UUID.randomUUID();
        server = EngineServer.create(InProcessServerBuilder.forName(name), framework, framework).start();
        channel = InProcessChannelBuilder.forName(name).build();
        client = EngineClient.builder().channel(channel).deadline(deadline).build();
    }

    static InProcessEngine start(EngineFramework framework) {
        return new InProcessEngine(framework, Duration.ofSeconds(20));
    }

    static InProcessEngine start(EngineFramework framework, Duration deadline) {
        return new InProcessEngine(framework, deadline);
    }

    static InProcessEngine start(List<ComputeUnit> units) {
        return start(EngineFramework.builder().name("Org1MSP").units(units).build());
    }

    EngineClient client() {
        return client;
    }

    EngineFramework framework() {
        return server.framework();
    }

    /** A first send of a fresh execution of {@code operation}. */
    static ExecuteRequest.Builder request(String operation) {
        return ExecuteRequest.newBuilder().setTaskId("task-" + UUID.randomUUID()).setSubtaskId("s1").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation(operation).setExecutorMspId("Org1MSP");
    }

    /** An upstream result input with its correct digest, as the gateway prefetches it. */
    static Input result(String name, String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        return Input.newBuilder().setName(name).setValue(ByteString.copyFrom(value))
                .setDigest(Digests.sha256Hex(value)).build();
    }

    @Override
    public void close() {
        client.close();
        channel.shutdownNow();
        server.stop();
    }
}
