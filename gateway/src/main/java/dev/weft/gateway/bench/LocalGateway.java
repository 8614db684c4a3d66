package dev.weft.gateway.bench;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.engine.BuiltinUnits;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.EngineTls;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.scheduler.Scheduler;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.scheduler.SchedulerMetrics;
import dev.weft.gateway.store.GatewayStore;
import java.nio.file.Path;
import java.time.Duration;

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
    private final GatewayStore store;
    private final EngineDirectory engines = new EngineDirectory();
    private final ChainClient chain;
    private final Scheduler scheduler;
    private final SchedulerMetrics metrics = new SchedulerMetrics();

    private LocalGateway(Profile profile, Path dir, int workers, int maxBatch) {
        EngineTls tls = EngineTls.fromProfile(profile);
        this.engine = EngineServer.start(new EngineConfiguration(profile.mspId(), "127.0.0.1", 0, tls,
                LocalDatabase.Settings.embedded(dir.resolve("engine")), BuiltinUnits.ALL, profile.name(), 8));
        this.store = GatewayStore.openSqlite(dir.resolve("gateway"));
        String endpoint = "127.0.0.1:" + engine.port();
        engines.add(endpoint, EngineClient.builder().endpoint(endpoint).tls(tls)
                .deadline(Duration.ofMinutes(2)).build());
        ConnectionConfig config = profile.connection("User1", 0);
        this.chain = ChainClient.connect(config);
        this.scheduler = Scheduler.start(SchedulerConfig.builder(profile.mspId()).workers(workers)
                .startBlock(chain.blockHeight()).retryDelay(Duration.ofMillis(200)).maxBatch(maxBatch).build(),
                chain, store, engines, metrics);
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
        return metrics;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public GatewayStore store() {
        return store;
    }

    public EngineServer engine() {
        return engine;
    }

    @Override
    public void close() {
        scheduler.close();
        chain.close();
        engines.close();
        store.close();
        engine.close();
    }
}
