package dev.weft.gateway.it;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.engine.BuiltinUnits;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.engine.NamedQueries;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.exchange.ExchangeSetup;
import dev.weft.gateway.engine.exchange.ExchangeTrust;
import dev.weft.gateway.node.GatewayConfig;
import dev.weft.gateway.node.GatewayNode;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.scheduler.Scheduler;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One organisation's off-chain side, in this JVM but with its real parts: a
 * standard engine on a TLS port of loopback (the org's gateway certificate) with
 * the org's named queries, a
 * SQLite store in a folder, and a scheduler on the real channel.
 */
final class OrgServices implements AutoCloseable {
    final String org;
    final String msp;
    volatile EngineServer engine;
    final GatewayStore store;
    final EngineDirectory engines;
    final ChainClient chain;
    final Scheduler scheduler;
    private final GatewayNode node;
    private final TlsMaterial tls;
    private final Path dir;
    private final ExchangeHub.Options exchangeOptions;
    private final List<ComputeUnit> units;
    private volatile ExchangeSetup exchange;
    private int enginePort;
    private int exchangePort;

    OrgServices(String org, Path dir) {
        this(org, dir, SchedulerConfig.DEFAULT_ANTI_ENTROPY, true);
    }

    /**
     * With anti-entropy every {@code antiEntropy}; with {@code withEngine} false the
     * scheduler starts knowing no engine (until {@link #registerEngine()}), so that
     * what it takes waits in the task list.
     */
    OrgServices(String org, Path dir, Duration antiEntropy, boolean withEngine) {
        this(org, dir, antiEntropy, withEngine, false);
    }

    /**
     * As above; with {@code withExchange} the engine also serves an exchange port (S1.10), trusting the
     * three organisations' TLS CAs, and the organisation's admin publishes its address on chain.
     */
    OrgServices(String org, Path dir, Duration antiEntropy, boolean withEngine, boolean withExchange) {
        this(org, dir, antiEntropy, withEngine, withExchange ? ExchangeHub.Options.STANDARD : null, List.of());
    }

    /**
     * With an exchange port whose hub has {@code exchange}'s links and formats (null: no exchange),
     * and {@code units} hosted besides the built-in ones.
     */
    OrgServices(String org, Path dir, ExchangeHub.Options exchange, List<ComputeUnit> units) {
        this(org, dir, SchedulerConfig.DEFAULT_ANTI_ENTROPY, true, exchange, units);
    }

    private OrgServices(String org, Path dir, Duration antiEntropy, boolean withEngine, ExchangeHub.Options exchange,
            List<ComputeUnit> units) {
        this.org = org;
        this.dir = dir;
        this.msp = RealNetwork.profile(org).mspId();
        this.tls = RealNetwork.profile(org).gatewayTls();
        this.exchangeOptions = exchange;
        this.units = List.copyOf(units);
        startEngine();
        if (exchange != null) {
            try (ChainClient admin = RealNetwork.client(org, "Admin")) {
                admin.submit("exchange:SetEndpoint", "127.0.0.1:" + exchangePort);
            }
        }
        // The gateway as `weft gateway run` builds it (GatewayNode), on the org's User1, with the
        // engine above (or, without withEngine, none until registerEngine()).
        this.node = GatewayNode.start(GatewayConfig.builder(RealNetwork.profile(org).connection("User1", 0))
                .sqlite(dir.resolve("gateway"))
                .engines(tls, Duration.ofMinutes(2), withEngine ? List.of(endpoint()) : List.of())
                .scheduler(SchedulerConfig.builder(msp).retryDelay(Duration.ofMillis(300)).antiEntropy(antiEntropy))
                .build());
        this.store = node.store();
        this.engines = node.engines();
        this.chain = node.chain();
        this.scheduler = node.scheduler().orElseThrow();
    }

    /**
     * Starts the organisation's engine (and its exchange port), on the ports it had before when
     * it ran already, so that the gateway and the address on chain reach it again.
     */
    void startEngine() {
        ExchangeSetup setup = null;
        EngineServer.Extensions extensions = new EngineServer.Extensions(units, null, List.of());
        if (exchangeOptions != null) {
            Map<String, Path> cas = new java.util.TreeMap<>();
            for (String o : List.of("org1", "org2", "org3")) {
                cas.put(RealNetwork.profile(o).mspId(), RealNetwork.profile(o).gatewayTls().trustedCa());
            }
            setup = ExchangeSetup.start(msp, "127.0.0.1", exchangePort, tls, ExchangeTrust.of(cas),
                    dir.resolve("exchange-secret"), EngineTimer.create("it-exchange-" + org), Duration.ofHours(1),
                    exchangeOptions).keepingResultsIn(dir.resolve("exchange-results"))
                    .keepingReceivedIn(dir.resolve("exchange-received"));
            extensions = extensions.withExchange(setup);
            exchangePort = setup.port().port();
        }
        this.exchange = setup;
        this.engine = EngineServer.start(new EngineConfiguration(msp, "127.0.0.1", enginePort,
                tls, LocalDatabase.Settings.embedded(dir.resolve("engine")).withQueries(queries(org)),
                BuiltinUnits.ALL, org, 4), extensions);
        enginePort = engine.port();
    }

    /**
     * Stops the organisation's engine and its exchange port (what it held in memory is gone; the large
     * results it served by digest stay in its folder, as with {@code weft engine serve}).
     */
    void stopEngine() {
        engine.close();
    }

    /** The hub of the engine's exchange (null without one). */
    ExchangeHub hub() {
        return exchange == null ? null : exchange.hub();
    }

    String exchangeAddress() {
        return "127.0.0.1:" + exchangePort;
    }

    private String endpoint() {
        return "127.0.0.1:" + engine.port();
    }

    /** Makes the org's engine known to its scheduler. */
    void registerEngine() {
        engines.add(endpoint(), EngineClient.builder().endpoint(endpoint()).tls(tls)
                .deadline(Duration.ofMinutes(2)).build());
    }

    /** The organisation's named queries, as the demo configures them (examples/queries/ORG.json). */
    static NamedQueries queries(String org) {
        return NamedQueries.load(RealNetwork.repo().resolve("examples/queries/" + org + ".json"));
    }

    /** How many times this org's engine ran the executor for one attempt of a subtask. */
    int runs(String taskId, String subtaskId, int attempt) {
        return engine.framework().runs(taskId, subtaskId, attempt);
    }

    /** Starts the given organisations' services; closes what started if one fails. */
    static Map<String, OrgServices> start(Path dir, String... orgs) {
        Map<String, OrgServices> out = new LinkedHashMap<>();
        try {
            for (String org : orgs) {
                out.put(org, new OrgServices(org, dir.resolve(org)));
            }
            return out;
        } catch (RuntimeException e) {
            closeAll(out);
            throw e;
        }
    }

    static void closeAll(Map<String, OrgServices> services) {
        List<OrgServices> all = new ArrayList<>(services.values());
        java.util.Collections.reverse(all);
        for (OrgServices s : all) {
            s.close();
        }
    }

    @Override
    public void close() {
        node.close();
        engine.close();
    }
}
