package dev.weft.gateway.registry;

import dev.weft.gateway.transport.GrpcServers;
import dev.weft.proto.registry.v1.ServiceCenterGrpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link ServiceCenter} over gRPC ({@code weft.registry.v1.ServiceCenter}
 * plus the standard health service), runs its heartbeat sweep, and owns the
 * lifecycle. Its owner stops it (no shutdown hook of its own). Over TLS only
 * clients with a certificate of the organisation's TLS CA get in, and each
 * framework name is bound to the certificate that registered it.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.start(RegistryConfiguration.tls("127.0.0.1", 7070, tls))) {
 *     registry.center().watch(directory::apply);
 *     ...
 * }
 * // tests: RegistryServer.create(InProcessServerBuilder.forName("center"), center).start();
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);

    private final ServiceCenter center;
    private final ServiceCenterService service;
    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;
    private final ScheduledExecutorService sweeper;
    private volatile boolean stopped;

    private RegistryServer(ServerBuilder<?> builder, ServiceCenter center) {
        this.center = center;
        this.service = new ServiceCenterService(center);
        this.server = builder.addService(ServerInterceptors.intercept(service, new CallerCertificate()))
                .addService(health.getHealthService()).build();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-registry-sweep");
            t.setDaemon(true);
            return t;
        });
    }

    /** A server for {@code center} on {@code builder} (TLS, loopback or in-process); call {@link #start()}. */
    public static RegistryServer create(ServerBuilder<?> builder, ServiceCenter center) {
        return new RegistryServer(Objects.requireNonNull(builder, "builder"), Objects.requireNonNull(center, "center"));
    }

    /** Starts a new service center as a configuration describes it. */
    public static RegistryServer start(RegistryConfiguration config) {
        ServiceCenter center = ServiceCenter.builder().heartbeatInterval(config.heartbeatInterval())
                .missedHeartbeats(config.missedHeartbeats()).maxFrameworks(config.maxFrameworks()).build();
        ServerBuilder<?> builder = config.insecureLoopback() ? GrpcServers.loopbackPlaintext(config.port())
                : GrpcServers.mutualTls(config.bindHost(), config.port(), config.tls());
        return create(builder, center).start();
    }

    public RegistryServer start() {
        GrpcServers.start(server, "service center");
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(ServiceCenterGrpc.SERVICE_NAME, ServingStatus.SERVING);
        long every = Math.max(10, center.heartbeatInterval().toMillis() / 2);
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        LOG.info("service center listening on port {} (heartbeat every {} ms)", port(),
                center.heartbeatInterval().toMillis());
        return this;
    }

    public ServiceCenter center() {
        return center;
    }

    /** The bound port (useful with port 0); -1 for an in-process server. */
    public int port() {
        return server.getPort();
    }

    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        sweeper.shutdownNow();
        health.enterTerminalState();
        service.closeWatches();
        GrpcServers.stop(server);
        LOG.info("service center stopped");
    }

    @Override
    public void close() {
        stop();
    }

    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
    }

    private void sweep() {
        try {
            center.sweep();
        } catch (RuntimeException e) {
            LOG.warn("service center sweep failed", e);
        }
    }
}
