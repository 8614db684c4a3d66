package dev.weft.gateway.cli;

import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.gateway.engine.modules.dialin.DialOut;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft engine adapt --config sidecar.yaml}: runs conversion modules as a
 * sidecar next to a remote heterogeneous engine (S1.6, the module beside the
 * engine). It speaks the standard engine protocol, always over mutual TLS, to the
 * organisation's standard engine, whose module {@code remote} sends it the
 * subtasks of its operations. It hosts the file's engines only: no built-in
 * units, no database of its own.
 */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Run the conversion modules of --config as a sidecar beside a remote heterogeneous engine:",
            "a standard-engine port (mutual TLS only) that the organisation's standard engine reaches through",
            "its module 'remote' (docs/engines.md)."})
final class EngineAdaptCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "Sidecar configuration (YAML, docs/engines.md): the engines it fronts, its TLS identity.")
    Path config;

    @Option(names = "--port", defaultValue = "7070", description = "Port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    EngineIdentityOptions identity = new EngineIdentityOptions();

    @Option(names = "--dial", paramLabel = "HOST:PORT",
            description = {"Dial in to the standard engine at HOST:PORT (S1.7: the sidecar is behind a firewall) and",
                "take its work on one long-lived mutual-TLS stream, resumed after a drop; the standard engine's",
                "module 'dialin' names this sidecar (--name). Without it, the sidecar listens on --port."})
    String dial;

    @Option(names = "--dial-authority", description = "Name expected in the standard engine's certificate, when "
            + "not the host of --dial.")
    String dialAuthority;

    /**
     * The sidecar's own exchange port (S1.10), for the collaborative subtasks its standard engine's module
     * {@code remote} sends it (that entry's {@code exchange:} names this port).
     */
    @Mixin
    EngineExchangeOptions exchangeOptions = new EngineExchangeOptions();

    @Override
    public Integer call() throws InterruptedException {
        EngineFile file = EngineFile.load(config);
        EngineFile.Settings s = file.settings();
        if (file.entries().isEmpty()) {
            throw new IllegalArgumentException(config + ": a sidecar needs at least one entry under engines:");
        }
        if (Boolean.TRUE.equals(s.insecureLoopback())) {
            throw new IllegalArgumentException(config + ": insecureLoopback is refused; a sidecar speaks mutual TLS only");
        }
        if (s.builtin() != null && !s.builtin().isEmpty() || s.data() != null || s.queries() != null
                || s.seedDemo() != null) {
            throw new IllegalArgumentException(config + ": a sidecar hosts conversion modules only (no builtin, data, "
                    + "queries or seedDemo)");
        }
        EngineServeCommand serve = new EngineServeCommand();
        serve.spec = spec;
        serve.config = config;
        serve.port = port;
        serve.identity = identity;
        serve.units = List.of();
        serve.insecureLoopback = false;
        exchangeOptions.sidecar = true;
        serve.exchangeOptions = exchangeOptions;
        if (dial != null && exchangeOptions.exchangePort != null) {
            throw new IllegalArgumentException("--exchange-port is for a sidecar its standard engine reaches, not one "
                    + "that dials in (--dial): items for it could not be handed on");
        }
        if (dial == null) {
            return serve.call();
        }
        serve.apply(file);
        serve.units = List.of();
        EngineConfiguration configuration = serve.configuration();
        List<String> operations = file.entries().stream().flatMap(e -> e.operations().stream()).sorted().toList();
        try (EngineServer server = EngineHost.start(configuration, file);
             DialOut out = DialOut.start(server.framework(), configuration.name(), operations, dial, dialAuthority,
                     configuration.tls())) {
            spec.commandLine().getOut().printf("sidecar %s dials %s (mutual TLS) for %s; local port %d%n",
                    configuration.name(), dial, String.join(",", operations), server.port());
            spec.commandLine().getOut().flush();
            server.blockUntilShutdown();
        }
        return 0;
    }
}
