package dev.weft.gateway.registry;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.UUID;

/** A real service-center server on an in-process transport, with a client to it. */
final class TestCenter implements AutoCloseable {
    final String name = "center-" + UUID.randomUUID();
    final ServiceCenter center;
    RegistryServer server;
    final ManagedChannel channel;
    final RegistryClient client;

    TestCenter(ServiceCenter center) {
        this.center = center;
        this.server = RegistryServer.create(InProcessServerBuilder.forName(name), center).start();
        this.channel = InProcessChannelBuilder.forName(name).build();
        this.client = RegistryClient.builder().channel(channel).deadline(Duration.ofSeconds(10)).build();
    }

    /** A center with a short heartbeat on its own (system) clock. */
    static TestCenter withHeartbeat(Duration interval, int missed) {
        return new TestCenter(ServiceCenter.builder().heartbeatInterval(interval).missedHeartbeats(missed).build());
    }

    /** Stops the server and starts a new one, with a fresh center, under the same name. */
    ServiceCenter restart(ServiceCenter fresh) {
        server.stop();
        server = RegistryServer.create(InProcessServerBuilder.forName(name), fresh).start();
        return fresh;
    }

    @Override
    public void close() {
        client.close();
        channel.shutdownNow();
        server.stop();
    }
}
