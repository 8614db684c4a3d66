package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChannelMembers;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.exchange.ExchangeLinks;
import dev.weft.gateway.engine.exchange.ExchangeSetup;
import dev.weft.gateway.engine.exchange.ExchangeTrust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code weft engine serve}'s data exchange of collaborative subtasks (S1.10, docs/exchange.md): a mixin. */
final class EngineExchangeOptions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineExchangeOptions.class);
    private static final String CHANNEL = "channel";

    /** Reads the channel configuration again every --exchange-trust-refresh; null until started. */
    private ScheduledExecutorService refresher;

    /** The members' TLS CAs once read ({@link #trust}). */
    private ExchangeTrust trust;

    /**
     * A sidecar's exchange ({@code weft engine adapt}): not a standard engine, so it relays and converts
     * nothing and sends what its links relay through its organisation's standard engine.
     */
    boolean sidecar;

    @Option(names = "--exchange-port", description = "Serve the data exchange of collaborative subtasks (S1.10) on "
            + "this port (mutual TLS; callers from the organisations of --exchange-trust). Default: none.")
    Integer exchangePort;

    @Option(names = "--exchange-stream-port", defaultValue = "0", description = "The exchange's item stream (large "
            + "items, mutual TLS as --exchange-port; docs/exchange.md) on this port. Default: any free port.")
    int exchangeStreamPort;

    @Option(names = "--exchange-trust", paramLabel = "channel|MSP=FILE,…",
            description = "Whose callers the exchange accepts: 'channel' reads every member organisation's TLS CAs "
                    + "from the channel configuration through the profile's peer at start and every "
                    + "--exchange-trust-refresh; or MSP=FILE pairs, the "
                    + "same certificates in files.")
    String exchangeTrust;

    @Option(names = "--exchange-trust-refresh", defaultValue = "PT5M", description = "With --exchange-trust channel, "
            + "read the channel configuration again this often, so that an organisation added to or removed from "
            + "the channel, or a TLS CA changed, counts for the next handshakes without a restart; PT0S: only at "
            + "start (default: ${DEFAULT-VALUE}).")
    Duration exchangeTrustRefresh;

    @Option(names = "--exchange-trust-user", defaultValue = "User1", description = "The profile's user that reads "
            + "the channel configuration for --exchange-trust channel (default: ${DEFAULT-VALUE}).")
    String exchangeTrustUser;

    @Option(names = "--exchange-secret", paramLabel = "FILE", description = "The engine's exchange secret, created "
            + "(owner-only) when missing (default: exchange-secret in the engine's data folder).")
    Path exchangeSecret;

    @Option(names = "--exchange-links", paramLabel = "MSP=MODE,…", description = "How this engine's collaborative "
            + "units send to each organisation: direct, relayed or auto (default *=auto; docs/exchange.md).")
    String exchangeLinks;

    @Option(names = "--exchange-formats", paramLabel = "FORMAT,…", description = "Table formats this engine's own "
            + "units read (json-rows, csv, arrow); items in another table format are converted. Default: any.")
    String exchangeFormats;

    @Option(names = "--exchange-lifetime", defaultValue = "PT2H", description = "How long the exchange of one "
            + "attempt lives after it opens: items are offered again until then, received items and large results "
            + "are kept (on disk too) and served until then, so it should exceed the longest wait of a dependent "
            + "subtask for a large result (default: ${DEFAULT-VALUE}).")
    Duration exchangeLifetime;

    /** Refuses an exchange port without the engine's TLS identity or the members' CAs. */
    void check(EngineConfiguration config, Profile profile) {
        if (exchangeLifetime.isZero() || exchangeLifetime.isNegative()) {
            throw new IllegalArgumentException("--exchange-lifetime must be positive, not " + exchangeLifetime);
        }
        if (exchangePort != null && (config.tls() == null || exchangeTrust == null)) {
            throw new IllegalArgumentException("--exchange-port needs the engine's TLS identity and --exchange-trust");
        }
        if (exchangePort != null && CHANNEL.equals(exchangeTrust) && profile == null) {
            throw new IllegalArgumentException("--exchange-trust channel needs --profile (the peer to read it from)");
        }
    }

    /** The members' TLS CAs, read once: from the channel through {@code profile}'s first peer, or from files. */
    ExchangeTrust trust(Profile profile) {
        if (trust == null) {
            trust = CHANNEL.equals(exchangeTrust) ? fromChannel(profile) : ExchangeTrust.parse(exchangeTrust);
        }
        return trust;
    }

    private ExchangeTrust fromChannel(Profile profile) {
        try (ChainClient chain = ChainClient.connect(profile.connection(exchangeTrustUser, 0))) {
            return ExchangeTrust.ofPem(ChannelMembers.tlsRoots(chain));
        }
    }

    /**
     * With the trust read from the channel and a refresh period, reads the channel configuration again every
     * period on a thread of its own (the read blocks on the peer). A read that fails keeps the members known
     * until then and is logged; the next period tries again.
     */
    private void refreshEvery(Profile profile, String engine) {
        Duration period = exchangeTrustRefresh;
        if (!CHANNEL.equals(exchangeTrust) || period.isZero() || period.isNegative()) {
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-exchange-trust-" + engine);
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> refresh(profile), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One read of the channel configuration; a change of the members or their CAs is logged. */
    private void refresh(Profile profile) {
        try {
            List<String> before = trust.organisations();
            if (trust.replaceWith(fromChannel(profile))) {
                LOG.info("exchange trust: the channel configuration changed; member organisations {} (were {})",
                        trust.organisations(), before);
            }
        } catch (RuntimeException e) {
            LOG.warn("exchange trust: cannot read the channel configuration again ({}); the members known since the "
                    + "last read stay trusted", e.toString());
        }
    }

    /**
     * The exchange port started, or null without {@code --exchange-port}; its secret defaults into {@code data},
     * the large results it serves by digest are kept in {@code data}/exchange-results and the items its sessions
     * take in {@code data}/exchange-received.
     */
    ExchangeSetup start(EngineConfiguration config, Path data, Profile profile) {
        if (exchangePort == null) {
            return null;
        }
        // the exchange speaks for the organisation, whatever --name the engine reports itself by
        String self = profile != null ? profile.mspId() : config.name();
        ExchangeSetup setup = ExchangeSetup.start(self, config.bindHost(), exchangePort, exchangeStreamPort,
                config.tls(), trust(profile), exchangeSecret != null ? exchangeSecret : data.resolve("exchange-secret"),
                EngineTimer.create("weft-exchange-" + config.name()), exchangeLifetime,
                new ExchangeHub.Options(!sidecar, ExchangeLinks.AUTO, List.of(), ExchangeHub.CHUNK)
                        .withLinks(ExchangeLinks.parse(exchangeLinks))
                        .withFormats(exchangeFormats == null ? List.of()
                                : Arrays.stream(exchangeFormats.split(",")).map(String::trim).toList()))
                .keepingResultsIn(data.resolve("exchange-results"))
                .keepingReceivedIn(data.resolve("exchange-received"));
        refreshEvery(profile, config.name());
        return setup;
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** The organisations the exchange port accepts, for the start-up line. */
    Object organisations() {
        return trust.organisations();
    }
}
