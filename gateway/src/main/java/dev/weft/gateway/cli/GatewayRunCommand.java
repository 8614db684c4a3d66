package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.cluster.Member;
import dev.weft.gateway.metrics.Metrics;
import dev.weft.gateway.node.GatewayConfig;
import dev.weft.gateway.node.GatewayNode;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft gateway run}: subscribes to task events, runs this organisation's
 * subtasks on the given engines and returns the results, until SIGTERM. Engines
 * are given ({@code --engine}) or come from a service center: one this gateway
 * runs ({@code --registry-port}) or another one ({@code --registry}) (S0.7).
 * With {@code --cluster} it is one member of its organisation's gateway cluster
 * and runs the scheduler only while it is the master (S4.1).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run this organisation's subtasks until stopped (SIGTERM).")
final class GatewayRunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRunCommand.class);

    @Mixin ConnectionOptions connection;

    @Option(names = "--engine", paramLabel = "HOST:PORT",
            description = "A standard engine to dispatch to (TLS, trusting the profile's gateway CA); repeatable. "
                    + "Optional when engines come from a service center (--registry-port, --registry).")
    List<String> engineEndpoints = new ArrayList<>();

    @Mixin RegistryOptions registry;

    @Mixin ClusterOptions cluster;

    @Option(names = "--engine-ca", description = "CA of the engines' TLS certificates (default: the profile's).")
    Path engineCa;

    @Option(names = "--data", description = "Data folder (default: $WEFT_RUN_DIR/gateway/<org>).")
    Path data;

    @Option(names = "--store-url", description = "JDBC URL of the store (default: SQLite in the data folder).")
    String storeUrl;

    @Option(names = "--workers", defaultValue = "16", description = "Subtasks run at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--max-batch", defaultValue = "64", description = "Most results and failure reports sent in "
            + "one transaction (task:SubmitResults, adaptive: no added wait when idle; issue 16); 1 sends each on its "
            + "own (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--recovery", defaultValue = "PARALLEL",
            description = "After a restart: PARALLEL or HISTORICAL_FIRST (S0.4; default: ${DEFAULT-VALUE}).")
    SchedulerConfig.RecoveryMode recovery;

    @Option(names = "--start-block", description = "First block to read when the store has no checkpoint "
            + "(default: the current height; older ready subtasks are found through the pending index).")
    Long startBlock;

    @Option(names = "--anti-entropy", defaultValue = "30s", converter = DurationConverter.class,
            description = "How often the organisation's pending work on chain is compared with the task list, "
            + "and what is missing taken up (0: never; default: ${DEFAULT-VALUE}).")
    Duration antiEntropy;

    @Option(names = "--route-seal", defaultValue = "1h", converter = DurationConverter.class,
            description = "How often the closed hours of every route's call statistics are sealed into hourly "
            + "summaries (route:SealHours), so that route:Stats reads a bounded number of keys (0: never; "
            + "default: ${DEFAULT-VALUE}).")
    Duration routeSeal;

    @Option(names = "--admin-port", description = "HTTPS admin port (mutual TLS with the organisation's TLS CA): "
            + "the read-only web console at /, Prometheus metrics at /metrics and health at /health (default: none).")
    Integer adminPort;

    @Option(names = "--api-port", description = "gRPC API for the organisation's users (mutual TLS, gRPC health): "
            + "their governance notices as a resumable stream, and proposals and votes they sign themselves "
            + "(S2.6; default: none).")
    Integer apiPort;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Interface of the admin and API ports (default: ${DEFAULT-VALUE}).")
    String bind;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = toConfig();
        CountDownLatch stop = new CountDownLatch(1);
        try (GatewayNode node = GatewayNode.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "weft-shutdown"));
            LOG.info("gateway for {} running; data in {}", config.connection().mspId(), config.dataFolder());
            stop.await();
            LOG.info("gateway for {} stopping", config.connection().mspId());
        }
        return 0;
    }

    /** The gateway these options describe (the options only parse; {@link GatewayNode} builds). */
    GatewayConfig toConfig() throws java.io.IOException {
        ConnectionConfig config = connection.toConfig();
        Profile org = Profile.load(connection.profile);
        TlsMaterial identity = org.gatewayTls();
        Member.Config member = cluster.enabled() ? cluster.toConfig(config.mspId(), identity) : null;
        Path folder = data != null ? data : defaultData(config, member);
        Files.createDirectories(folder);
        if (engineEndpoints.isEmpty() && !registry.enabled()) {
            throw new IllegalArgumentException("give --engine HOST:PORT, or take engines from a service center "
                    + "(--registry-port PORT or --registry HOST:PORT)");
        }
        TlsMaterial tls = engineCa == null ? identity
                : new TlsMaterial(identity.certificate(), identity.privateKey(), engineCa);
        GatewayConfig.Builder b = GatewayConfig.builder(config)
                .scheduler(SchedulerConfig.builder(config.mspId()).workers(workers).recovery(recovery)
                        .antiEntropy(antiEntropy).maxBatch(maxBatch).routeSeal(routeSeal))
                .startBlock(startBlock)
                .engines(tls, Duration.ofMinutes(5), engineEndpoints)
                .engineFeed(registry.enabled() ? engines -> registry.feed(engines, tls) : null)
                .member(member)
                .pair(member != null && cluster.pair ? cluster.toPairConfig(config.mspId()) : null)
                .followers(true, true)
                .meters(Metrics.prometheus("gateway", config.mspId()))
                .ports(new GatewayConfig.Ports(bind, adminPort, apiPort, identity));
        return b.sqlite(folder).store(storeUrl).build();
    }

    private Path defaultData(ConnectionConfig config, Member.Config member) {
        Path profiles = Profile.profilesFolder();
        Path org = profiles.getParent().resolve("gateway").resolve(config.mspId());
        return member == null ? org : org.resolve(member.memberId());
    }
}
