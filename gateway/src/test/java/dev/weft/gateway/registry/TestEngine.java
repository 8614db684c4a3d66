package dev.weft.gateway.registry;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.gateway.engine.EngineFramework;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.transport.GrpcServers;
import java.util.List;

/** A real engine server on a loopback port, registered at a service center like `engine serve --register`. */
final class TestEngine implements AutoCloseable {
    final EngineServer server;
    final String endpoint;
    final EngineRegistration registration;

    private TestEngine(String name, RegistryClient registry, List<ComputeUnit> units) {
        EngineFramework framework = EngineFramework.builder().name(name).units(units).workers(2).build();
        server = EngineServer.create(GrpcServers.loopbackPlaintext(0), framework, framework).start();
        endpoint = "127.0.0.1:" + server.port();
        registration = EngineRegistration.start(registry, framework, endpoint);
    }

    static TestEngine start(String name, RegistryClient registry, ComputeUnit... units) {
        return new TestEngine(name, registry, List.of(units));
    }

    /** What a crashed process does: no more heartbeats, no deregistration, the port gone. */
    void kill() {
        registration.halt();
        server.stop();
    }

    @Override
    public void close() {
        registration.close();
        server.stop();
    }
}
