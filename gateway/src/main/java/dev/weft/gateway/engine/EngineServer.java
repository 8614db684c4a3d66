package dev.weft.gateway.engine;

import dev.weft.gateway.transport.GrpcServers;
import dev.weft.proto.engine.v1.ComputeEngineGrpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link EngineFramework} over gRPC ({@code weft.engine.v1.ComputeEngine}
 * plus the standard gRPC health service) and owns its lifecycle. The TLS port
 * is mutual TLS: a client must present a certificate of the organisation's TLS
 * CA (issue 9 item 4). gRPC reflection is served only when the configuration
 * asks for it.
 *
 * <pre>{@code
 * EngineServer server = EngineServer.create(GrpcServers.mutualTls("127.0.0.1", 7060, tls), framework).start();
 * server.blockUntilShutdown();
 * // or, wired from a configuration the way `weft engine serve` does:
 * EngineServer server = EngineServer.start(configuration);
 * }</pre>
 */
public final class EngineServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineServer.class);

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final EngineFramework framework;
    private final List<AutoCloseable> owned;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private EngineServer(ServerBuilder<?> builder, EngineFramework framework, List<AutoCloseable> owned) {
        this.framework = framework;
        this.owned = owned;
        this.server = builder.addService(new ComputeEngineService(framework))
                .addService(health.getHealthService())
                .build();
        this.shutdownHook = new Thread(this::stop, "weft-engine-shutdown");
    }

    /**
     * A server for {@code framework} on {@code builder} (TLS, loopback or in-process).
     * {@code owned} resources (the framework, a database) are closed by {@link #stop()}.
     */
    public static EngineServer create(ServerBuilder<?> builder, EngineFramework framework, AutoCloseable... owned) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(framework, "framework");
        return new EngineServer(builder, framework, List.of(owned));
    }

    /** Starts the engine a configuration describes: database, demo data, units, transport. */
    public static EngineServer start(EngineConfiguration config) {
        return start(config, Extensions.NONE, dev.weft.gateway.metrics.Metrics.none());
    }

    /** As {@link #start(EngineConfiguration)}, with the framework's meters in {@code meters}. */
    public static EngineServer start(EngineConfiguration config, io.micrometer.core.instrument.MeterRegistry meters) {
        return start(config, Extensions.NONE, meters);
    }

    /**
     * Units beyond the built-in ones (conversion modules, docs/engines.md), the
     * scheduler they share with the framework's timeouts, and what the server
     * closes after the framework (a callback endpoint, the scheduler).
     */
    public record Extensions(List<dev.weft.engine.api.ComputeUnit> units,
            java.util.concurrent.ScheduledExecutorService timer, List<AutoCloseable> owned,
            dev.weft.gateway.engine.exchange.ExchangeSetup exchange) {
        public static final Extensions NONE = new Extensions(List.of(), null, List.of());

        public Extensions {
            units = List.copyOf(units);
            owned = List.copyOf(owned);
        }

        public Extensions(List<dev.weft.engine.api.ComputeUnit> units,
                java.util.concurrent.ScheduledExecutorService timer, List<AutoCloseable> owned) {
            this(units, timer, owned, null);
        }

        /** These extensions with the organisation's exchange (S1.10): its hub, and the private-sum unit. */
        public Extensions withExchange(dev.weft.gateway.engine.exchange.ExchangeSetup setup) {
            List<AutoCloseable> more = new java.util.ArrayList<>(owned);
            more.add(setup);
            return new Extensions(units, timer, more, setup);
        }
    }

    /** As {@link #start(EngineConfiguration)}, hosting {@code extensions} too. */
    public static EngineServer start(EngineConfiguration config, Extensions extensions) {
        return start(config, extensions, dev.weft.gateway.metrics.Metrics.none());
    }

    /** As {@link #start(EngineConfiguration, Extensions)}, with the framework's meters in {@code meters}. */
    public static EngineServer start(EngineConfiguration config, Extensions extensions,
            io.micrometer.core.instrument.MeterRegistry meters) {
        LocalDatabase database = BuiltinUnits.needsDatabase(config.units()) || config.seedDemo() != null
                ? LocalDatabase.open(config.database()) : null;
        EngineFramework framework = null;
        try {
            if (config.seedDemo() != null) {
                DemoData.seed(database, config.seedDemo());
            }
            EngineFramework.Builder frameworkBuilder = EngineFramework.builder().name(config.name())
                    .units(BuiltinUnits.create(config.units(), database)).units(extensions.units())
                    .workers(config.workers()).meters(meters);
            if (extensions.timer() != null) {
                frameworkBuilder.timer(extensions.timer());
            }
            if (extensions.exchange() != null) {
                frameworkBuilder.exchange(extensions.exchange().hub());
                // an organisation whose figure is in an engine of its own serves the operation there; a
                // sidecar (not a standard engine) hosts its configured units only
                if (extensions.exchange().hub().options().standard() && extensions.units().stream()
                        .noneMatch(u -> u.operations().contains(PrivateSumUnit.OPERATION))) {
                    frameworkBuilder.unit(new PrivateSumUnit(database, extensions.exchange().secret()));
                }
            }
            framework = frameworkBuilder.build();
            ServerBuilder<?> builder = config.tls() == null ? GrpcServers.loopbackPlaintext(config.port())
                    : GrpcServers.mutualTls(config.bindHost(), config.port(), config.tls());
            for (dev.weft.engine.api.ComputeUnit unit : extensions.units()) {
                if (unit instanceof ServiceUnit serves) {
                    builder.addService(serves.service()); // on the engine's own port, under its mutual TLS
                }
            }
            if (config.reflection()) {
                builder.addService(ProtoReflectionServiceV1.newInstance());
            }
            List<AutoCloseable> owned = new java.util.ArrayList<>(List.of(framework));
            if (database != null) {
                owned.add(database);
            }
            owned.addAll(extensions.owned());
            return create(builder, framework, owned.toArray(AutoCloseable[]::new)).start();
        } catch (RuntimeException e) {
            if (framework != null) {
                framework.close();
            }
            if (database != null) {
                database.close();
            }
            throw e;
        }
    }

    public EngineServer start() {
        GrpcServers.start(server, "engine " + framework.name());
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(ComputeEngineGrpc.SERVICE_NAME, ServingStatus.SERVING);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("engine {} listening on port {} with units {}", framework.name(), port(),
                framework.health().getUnitsList().stream().map(u -> u.getName()).toList());
        return this;
    }

    /** The bound port (useful with port 0); -1 for an in-process server. */
    public int port() {
        return server.getPort();
    }

    public EngineFramework framework() {
        return framework;
    }

    /** Stops taking calls, lets running calls end for a few seconds, then closes what it owns. */
    public void stop() {
        stop(Duration.ofSeconds(5));
    }

    /**
     * Stops taking calls (a new call is refused as unavailable), lets running calls end for
     * {@code grace}, cancels those still running, then closes what it owns.
     */
    public void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        health.enterTerminalState();
        GrpcServers.stop(server, grace);
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("engine {}: closing {} failed", framework.name(), resource, e);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // already running as the hook
        }
        LOG.info("engine {} stopped", framework.name());
    }

    @Override
    public void close() {
        stop();
    }

    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
    }
}
