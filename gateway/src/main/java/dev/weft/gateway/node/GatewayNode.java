package dev.weft.gateway.node;

import dev.weft.gateway.admin.AdminServer;
import dev.weft.gateway.admin.Console;
import dev.weft.gateway.api.ApiServer;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventHub;
import dev.weft.gateway.chain.Fence;
import dev.weft.gateway.chain.RetryPolicy;
import dev.weft.gateway.cluster.ConsensusReporter;
import dev.weft.gateway.cluster.MasterLease;
import dev.weft.gateway.cluster.Member;
import dev.weft.gateway.cluster.PairMember;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.faults.CrashPoints;
import dev.weft.gateway.governance.GovernanceNotices;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.scheduler.ReadyWork;
import dev.weft.gateway.scheduler.Scheduler;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.scheduler.SchedulerMetrics;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.transport.GrpcServers;
import dev.weft.gateway.transport.TlsMaterial;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One organisation's running gateway, built from a {@link GatewayConfig}: the one place that
 * wires the chain client, the store, the engines (static, or fed by a service center), the
 * scheduler (or, in a cluster, the member that runs it while it is master), the governance
 * notices, the consensus reports and the admin and API ports. {@code weft gateway run}, the
 * benchmarks and the integration tests all start their gateways here.
 *
 * <pre>{@code
 * try (GatewayNode node = GatewayNode.start(config)) {
 *     node.scheduler().orElseThrow().awaitIdle(Duration.ofMinutes(1));
 * }
 * }</pre>
 *
 * Parts are closed in the reverse order of their start; a part that fails to start closes
 * those started before it.
 */
public final class GatewayNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);

    private final GatewayConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final SchedulerMetrics metrics;
    private ChainClient chain;
    private GatewayStore store;
    private EngineDirectory engines;
    private Scheduler scheduler;
    private long startBlock;

    private GatewayNode(GatewayConfig config) {
        this.config = config;
        this.metrics = config.meters() != null ? new SchedulerMetrics(config.meters()) : new SchedulerMetrics();
    }

    /** The SUBMITTED crash point: once per result, a batch counting each of its entries. */
    private static void submitted(String function, String... args) {
        if (!CrashPoints.armed(CrashPoints.Point.SUBMITTED)) {
            return;
        }
        int results = TaskLedger.SUBMIT_RESULTS.equals(function) && args.length > 0
                ? Json.PLAIN.read(args[0], function).size() : 1;
        CrashPoints.reach(CrashPoints.Point.SUBMITTED, results);
    }

    public static GatewayNode start(GatewayConfig config) {
        GatewayNode node = new GatewayNode(config);
        try {
            node.open();
            return node;
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    private void open() {
        String msp = config.connection().mspId();
        MasterLease lease = config.member() != null ? new MasterLease(System::nanoTime) : null;
        chain = keep(ChainClient.connect(config.connection(), RetryPolicy.DEFAULT, lease != null ? lease : Fence.NONE,
                GatewayNode::submitted));
        store = keep(config.storeUrl() != null ? GatewayStore.open(config.storeUrl())
                : GatewayStore.openSqlite(config.dataFolder()));
        if (config.meters() != null) {
            metrics.watch(store, chain::blockHeight);
        }
        TlsMaterial tls = config.engineTls();
        engines = keep(config.engineFeed() == null ? new EngineDirectory() : new EngineDirectory(this::engineClient));
        if (config.engineFeed() != null) {
            keep(config.engineFeed().apply(engines));
        }
        for (String endpoint : config.engines()) {
            engines.add(endpoint, engineClient(endpoint));
        }
        startBlock = config.startBlock() != null ? config.startBlock() : chain.blockHeight();
        // One event stream, one checkpoint (gateway-events), dispatched by event name. The scheduler's
        // intake is its slot, served after the other consumers, and writes the checkpoint itself, in one
        // store transaction with the subtasks it takes.
        EventStart.Plan plan = EventStart.plan(store, startBlock);
        EventHub.Builder events = EventHub.builder();
        if (config.notices()) {
            // S2.6: vote requests addressed to this organisation, and decisions that concern it, go to the
            // gateway's log and its meters; its users follow their own through the API port.
            events.on(GovernanceNotices.EVENTS, GovernanceNotices.handler(msp, notice -> metrics.registry()
                    .counter("weft.governance.notices", "kind", notice.kind().name()).increment()));
        }
        if (config.consensusReports()) {
            // S4.7: disagreements that single out another organisation are reported to its cluster.
            events.on(ReadyWork.TASK_EVENT, ConsensusReporter.of(chain, msp, lease != null ? lease::acting
                    : () -> true)::onEvent);
        }
        // Held from the start when this gateway schedules at once; a cluster member's is held at its takeover.
        EventHub.Slot intake = events.slot(ReadyWork.TASK_EVENT, plan.intakeFloor(), config.member() == null);
        keep(events.start(() -> chain, plan.startBlock(), store.checkpointer(GatewayStore.GATEWAY_EVENTS)));
        SchedulerConfig scheduling = config.scheduler();
        if (config.member() == null) {
            scheduler = keep(Scheduler.start(scheduling, chain, store, engines, metrics, intake));
        } else {
            MasterScheduler work = keep(new MasterScheduler(scheduling, chain, store, engines, metrics, intake));
            keep(config.pair() != null ? PairMember.start(config.pair(), chain, lease, work)
                    : Member.start(config.member(), chain, lease, work));
        }
        GatewayConfig.Ports ports = config.ports();
        if (ports.api() != null) {
            keep(ApiServer.start(GrpcServers.mutualTls(ports.bind(), ports.api(), ports.identity()), () -> chain,
                    config.connection()));
        }
        if (ports.admin() != null) {
            AdminServer.Builder admin = AdminServer.builder(ports.bind(), ports.admin(), ports.identity());
            if (config.meters() != null) {
                admin.metrics(config.meters());
            }
            keep(Console.install(admin, () -> chain, engines).build().start());
        }
        LOG.info("gateway for {} started{}", msp, config.member() != null
                ? " as member " + config.member().memberId() + " of cluster " + config.member().cluster() : "");
    }

    private EngineClient engineClient(String endpoint) {
        return EngineClient.builder().endpoint(endpoint).tls(config.engineTls())
                .deadline(config.engineDeadline()).build();
    }

    private <T extends AutoCloseable> T keep(T part) {
        started.push(part);
        return part;
    }

    public ChainClient chain() {
        return chain;
    }

    public GatewayStore store() {
        return store;
    }

    /** The engines the scheduler dispatches to; more can be added while it runs. */
    public EngineDirectory engines() {
        return engines;
    }

    public SchedulerMetrics metrics() {
        return metrics;
    }

    /** The scheduler, when this gateway is not a cluster member (a member's runs only while it is master). */
    public Optional<Scheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /** The block the event stream starts from when the store has no checkpoint. */
    public long startBlock() {
        return startBlock;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("closing a part of the gateway failed: {}", e.toString());
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
