package dev.weft.gateway.bench;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineTls;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.scheduler.Scheduler;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.store.GatewayStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A gateway in this process, wired as {@code weft gateway run} wires one (store in
 * a data folder, static engines over TLS, the scheduler with its defaults), so
 * that {@code weft bench recovery} can read its store's statistics. Started on
 * the data folder of a gateway that was killed, it is that gateway restarted.
 *
 * <pre>{@code
 * try (RecoveryGateway gateway = RecoveryGateway.start(profile, data, List.of("127.0.0.1:7060"), 64)) {
 *     ... gateway.store().stats() ...
 * }
 * }</pre>
 */
final class RecoveryGateway implements AutoCloseable {
    private final GatewayStore store;
    private final ChainClient chain;
    private final EngineDirectory engines = new EngineDirectory();
    private final Scheduler scheduler;

    private RecoveryGateway(Profile profile, Path data, List<String> endpoints, int workers) {
        this.store = GatewayStore.openSqlite(data);
        this.chain = ChainClient.connect(profile.connection("User1", 0));
        EngineTls tls = EngineTls.fromProfile(profile);
        for (String endpoint : endpoints) {
            engines.add(endpoint, EngineClient.builder().endpoint(endpoint).tls(tls)
                    .deadline(Duration.ofMinutes(5)).build());
        }
        this.scheduler = Scheduler.start(SchedulerConfig.builder(profile.mspId()).workers(workers)
                .startBlock(chain.blockHeight()).build(), chain, store, engines);
    }

    static RecoveryGateway start(Profile profile, Path data, List<String> endpoints, int workers) {
        return new RecoveryGateway(profile, data, endpoints, workers);
    }

    GatewayStore store() {
        return store;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.close();
        chain.close();
        engines.close();
        store.close();
    }
}
