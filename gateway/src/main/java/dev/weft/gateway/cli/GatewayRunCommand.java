package dev.weft.gateway.cli;

import dev.weft.gateway.admin.AdminServer;
import dev.weft.gateway.admin.Console;
import dev.weft.gateway.api.ApiServer;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.chain.RetryPolicy;
import dev.weft.gateway.cluster.ConsensusReporter;
import dev.weft.gateway.cluster.MasterLease;
import dev.weft.gateway.cluster.Member;
import dev.weft.gateway.cluster.PairMember;
import dev.weft.gateway.cluster.StandbyFollower;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineTls;
import dev.weft.gateway.governance.GovernanceNotices;
import dev.weft.gateway.metrics.Metrics;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.scheduler.Scheduler;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.scheduler.SchedulerMetrics;
import dev.weft.gateway.store.GatewayStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
    /** The store checkpoint of the consensus-error reporter's event stream. */
    static final String CONSENSUS_REPORTS = "consensus-reports";

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

    @Option(names = "--max-batch", defaultValue = "1", description = "Most results sent in one transaction "
            + "(task:SubmitResults; issue 16, e.g. 64); 1 sends each on its own (default: ${DEFAULT-VALUE}: "
            + "batches are opt-in until the crash points cover the batched path).")
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
        ConnectionConfig config = connection.toConfig();
        Profile org = Profile.load(connection.profile);
        EngineTls identity = EngineTls.fromProfile(org);
        Member.Config member = cluster.enabled() ? cluster.toConfig(config.mspId(), identity) : null;
        Path folder = data != null ? data : defaultData(config, member);
        Files.createDirectories(folder);
        if (engineEndpoints.isEmpty() && !registry.enabled()) {
            throw new IllegalArgumentException("give --engine HOST:PORT, or take engines from a service center "
                    + "(--registry-port PORT or --registry HOST:PORT)");
        }
        EngineTls tls = engineCa == null ? identity
                : new EngineTls(identity.certificate(), identity.privateKey(), engineCa);
        CountDownLatch stop = new CountDownLatch(1);
        PrometheusMeterRegistry meters = Metrics.prometheus("gateway", config.mspId());
        SchedulerMetrics metrics = new SchedulerMetrics(meters);
        MasterLease lease = new MasterLease(System::nanoTime);
        try (ChainClient chain = member != null ? ChainClient.connect(config, RetryPolicy.DEFAULT, lease)
                        : ChainClient.connect(config);
                GatewayStore store = storeUrl != null ? GatewayStore.open(storeUrl) : GatewayStore.openSqlite(folder);
                EngineDirectory engines = new EngineDirectory(endpoint -> EngineClient.builder().endpoint(endpoint)
                        .tls(tls).deadline(Duration.ofMinutes(5)).build());
                AutoCloseable services = registry.enabled() ? registry.feed(engines, tls) : () -> { }) {
            metrics.watch(store, chain::blockHeight);
            for (String endpoint : engineEndpoints) {
                engines.add(endpoint, EngineClient.builder().endpoint(endpoint).tls(tls)
                        .deadline(Duration.ofMinutes(5)).build());
            }
            long start = startBlock != null ? startBlock : chain.blockHeight();
            SchedulerConfig schedulerConfig = SchedulerConfig.builder(config.mspId()).workers(workers)
                    .startBlock(start).recovery(recovery).antiEntropy(antiEntropy).maxBatch(maxBatch).build();
            // S2.6: vote requests addressed to this organisation, and decisions that concern it,
            // go to the gateway's log and its metrics, from a checkpoint of their own so none is missed
            // across restarts; its users follow their own through the API (--api-port).
            try (AutoCloseable work = member == null ? Scheduler.start(schedulerConfig, chain, store, engines, metrics)
                        : cluster.pair ? PairMember.start(cluster.toPairConfig(config.mspId()), chain, lease,
                                new MasterScheduler(schedulerConfig, startBlock, chain, store, engines, metrics).following())
                        : Member.start(member, chain, lease,
                                new MasterScheduler(schedulerConfig, startBlock, chain, store, engines, metrics).following());
                    GovernanceNotices notices = GovernanceNotices.start(() -> chain, config.mspId(), start,
                            store.checkpointer(GatewayStore.GOVERNANCE_EVENTS), notice -> meters.counter(
                                    "weft.governance.notices", "kind", notice.kind().name()).increment());
                    // S4.7: disagreements that single out another organisation are reported to its cluster.
                    ConsensusReporter reports = ConsensusReporter.start(chain, config.mspId(), start,
                            store.checkpointer(CONSENSUS_REPORTS), member != null ? lease::acting : () -> true);
                    AutoCloseable api = apiPort == null ? () -> { }
                            : ApiServer.start(ApiServer.tls(bind, apiPort, identity), () -> chain, config);
                    AutoCloseable admin = adminPort == null ? () -> { }
                            : Console.install(AdminServer.builder(bind, adminPort, identity).metrics(meters),
                                    () -> chain, engines).build().start()) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "weft-shutdown"));
                LOG.info("gateway for {} running; data in {}", config.mspId(), folder);
                stop.await();
                LOG.info("gateway for {} stopping", config.mspId());
            }
        }
        return 0;
    }

    private Path defaultData(ConnectionConfig config, Member.Config member) {
        Path profiles = Profile.profilesFolder();
        Path org = profiles.getParent().resolve("gateway").resolve(config.mspId());
        return member == null ? org : org.resolve(member.memberId());
    }

    /** The scheduler as a cluster master's work: started at each takeover (recovery included), closed on step-down. */
    private static final class MasterScheduler implements Member.MasterWork {
        private final SchedulerConfig config;
        private final Long fixedStart;
        private final ChainClient chain;
        private final GatewayStore store;
        private final EngineDirectory engines;
        private final SchedulerMetrics metrics;
        private Scheduler running;
        private StandbyFollower standby;

        MasterScheduler(SchedulerConfig config, Long fixedStart, ChainClient chain, GatewayStore store,
                EngineDirectory engines, SchedulerMetrics metrics) {
            this.metrics = metrics;
            this.config = config;
            this.fixedStart = fixedStart;
            this.chain = chain;
            this.store = store;
            this.engines = engines;
        }

        MasterScheduler following() {
            follow();
            return this;
        }

        @Override
        public void start(long epoch) {
            if (standby != null) {
                standby.close();
                standby = null;
            }
            if (running == null) {
                // Without a checkpoint of its own (or --start-block), a new master reads events from now on:
                // what became ready before comes from the chain's pending index in the scheduler's recovery.
                long from = fixedStart != null ? fixedStart : chain.blockHeight();
                SchedulerConfig now = config.toBuilder().startBlock(from).build();
                running = Scheduler.start(now, chain, store, engines, metrics);
            }
        }

        @Override
        public void stop() {
            if (running != null) {
                running.close();
                running = null;
            }
            follow();
        }

        /** S4.1 hot standby: keep the scheduler's checkpoint current while another member is master. */
        void follow() {
            if (standby == null) {
                standby = StandbyFollower.start(chain, fixedStart != null ? fixedStart : chain.blockHeight(),
                        store.checkpointer(GatewayStore.TASK_EVENTS));
            }
        }
    }
}
