package dev.weft.gateway.bench;

import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.engine.BuiltinUnits;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.node.GatewayConfig;
import dev.weft.gateway.node.GatewayNode;
import dev.weft.gateway.scheduler.Scheduler;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.scheduler.SchedulerMetrics;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One organisation's gateway with its own standard engine, started in this
 * process for benchmarks: the engine serves TLS on loopback with the
 * organisation's gateway certificate, the store is SQLite in a folder, and the
 * scheduler works on the real channel from its current height.
 *
 * <pre>{@code
 * try (LocalGateway org1 = LocalGateway.start(Profile.load("org1"), dir, 16)) { ... }
 * }</pre>
 */
public final class LocalGateway implements AutoCloseable {
    private final EngineServer engine;
    private final GatewayNode node;

    private LocalGateway(Profile profile, Path dir, int workers, int maxBatch) {
        TlsMaterial tls = profile.gatewayTls();
        this.engine = EngineServer.start(new EngineConfiguration(profile.mspId(), "127.0.0.1", 0, tls,
                LocalDatabase.Settings.embedded(dir.resolve("engine")), BuiltinUnits.ALL, profile.name(), 8));
        try {
            this.node = GatewayNode.start(GatewayConfig.builder(profile.connection("User1", 0))
                    .sqlite(dir.resolve("gateway"))
                    .engines(tls, Duration.ofMinutes(2), List.of("127.0.0.1:" + engine.port()))
                    .scheduler(SchedulerConfig.builder(profile.mspId()).workers(workers)
                            .retryDelay(Duration.ofMillis(200)).maxBatch(maxBatch))
                    .build());
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public static LocalGateway start(Profile profile, Path dir, int workers) {
        return start(profile, dir, workers, 1);
    }

    /** As {@link #start(Profile, Path, int)}, with at most {@code maxBatch} results a transaction (1: no batches). */
    public static LocalGateway start(Profile profile, Path dir, int workers, int maxBatch) {
        return new LocalGateway(profile, dir, workers, maxBatch);
    }

    /** The scheduler's meters, batch sizes included. */
    public SchedulerMetrics metrics() {
        return node.metrics();
    }

    public Scheduler scheduler() {
        return node.scheduler().orElseThrow();
    }

    public GatewayStore store() {
        return node.store();
    }

    public EngineServer engine() {
        return engine;
    }

    @Override
    public void close() {
        node.close();
        engine.close();
    }
}
