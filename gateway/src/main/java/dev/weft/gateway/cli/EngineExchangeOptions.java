package dev.weft.gateway.cli;

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
import picocli.CommandLine.Option;

/** {@code weft engine serve}'s data exchange of collaborative subtasks (S1.10, docs/exchange.md): a mixin. */
final class EngineExchangeOptions {
    @Option(names = "--exchange-port", description = "Serve the data exchange of collaborative subtasks (S1.10) on "
            + "this port (mutual TLS; callers from the organisations of --exchange-trust). Default: none.")
    Integer exchangePort;

    @Option(names = "--exchange-stream-port", defaultValue = "0", description = "The exchange's item stream (large "
            + "items, mutual TLS as --exchange-port; docs/exchange.md) on this port. Default: any free port.")
    int exchangeStreamPort;

    @Option(names = "--exchange-trust", paramLabel = "MSP=FILE,…",
            description = "The member organisations' TLS CA certificates, as the channel configuration lists them.")
    String exchangeTrust;

    @Option(names = "--exchange-secret", paramLabel = "FILE", description = "The engine's exchange secret, created "
            + "(owner-only) when missing (default: exchange-secret in the engine's data folder).")
    Path exchangeSecret;

    @Option(names = "--exchange-links", paramLabel = "MSP=MODE,…", description = "How this engine's collaborative "
            + "units send to each organisation: direct, relayed or auto (default *=auto; docs/exchange.md).")
    String exchangeLinks;

    @Option(names = "--exchange-formats", paramLabel = "FORMAT,…", description = "Table formats this engine's own "
            + "units read (json-rows, csv, arrow); items in another table format are converted. Default: any.")
    String exchangeFormats;

    /** Refuses an exchange port without the engine's TLS identity or the members' CAs. */
    void check(EngineConfiguration config) {
        if (exchangePort != null && (config.tls() == null || exchangeTrust == null)) {
            throw new IllegalArgumentException("--exchange-port needs the engine's TLS identity and --exchange-trust");
        }
    }

    /**
     * The exchange port started, or null without {@code --exchange-port}; its secret defaults into {@code data},
     * and the large results it serves by digest are kept in {@code data}/exchange-results.
     */
    ExchangeSetup start(EngineConfiguration config, Path data) {
        if (exchangePort == null) {
            return null;
        }
        return ExchangeSetup.start(config.name(), config.bindHost(), exchangePort, exchangeStreamPort, config.tls(),
                ExchangeTrust.parse(exchangeTrust), exchangeSecret != null ? exchangeSecret : data.resolve("exchange-secret"),
                EngineTimer.create("weft-exchange-" + config.name()), Duration.ofHours(2),
                ExchangeHub.Options.STANDARD.withLinks(ExchangeLinks.parse(exchangeLinks))
                        .withFormats(exchangeFormats == null ? List.of()
                                : Arrays.stream(exchangeFormats.split(",")).map(String::trim).toList()))
                .keepingResultsIn(data.resolve("exchange-results"));
    }

    /** The organisations the exchange port accepts, for the start-up line. */
    Object organisations() {
        return ExchangeTrust.parse(exchangeTrust).organisations();
    }
}
