package dev.weft.gateway.cli;

import dev.weft.gateway.admin.AdminServer;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.engine.NamedQueries;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.gateway.engine.exchange.ExchangeSetup;
import dev.weft.gateway.metrics.Metrics;
import dev.weft.gateway.registry.EngineRegistration;
import dev.weft.gateway.registry.RegistryClient;
import dev.weft.gateway.transport.TlsMaterial;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft engine serve}: runs a standard compute engine until SIGTERM.
 * Mutual TLS with the organisation's profile ({@code gatewayTls}) or
 * {@code --tls-cert/--tls-key/--tls-ca}: a client must present a certificate of
 * the organisation's TLS CA. Binds loopback unless {@code --bind} says otherwise;
 * plaintext only with {@code --insecure-loopback}; gRPC reflection only with
 * {@code --reflection}. The sql and aggregate units run only the named queries of
 * {@code --queries}; a database user that can write is refused unless
 * {@code --allow-writable-user}.
 * With {@code --register HOST:PORT} it registers itself and its units at that
 * service center, heartbeats, and sends a fault notice when a unit goes down
 * (S0.7, S0.9); it deregisters when it stops.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a standard compute engine (built-in units, and heterogeneous engines through conversion "
                + "modules with --config) until SIGTERM.")
final class EngineServeCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = {"Engine configuration (YAML, docs/engines.md): the heterogeneous engines it fronts through",
                "conversion modules, its callback endpoint, and any of the settings below (the file wins)."})
    Path config;

    @Option(names = "--port", defaultValue = "7060", description = "Port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    EngineIdentityOptions identity = new EngineIdentityOptions();

    @Option(names = "--reflection", description = "Serve gRPC reflection too (off by default).")
    boolean reflection;

    @Option(names = "--insecure-loopback", description = "Plaintext on 127.0.0.1 only: tests and experiments.")
    boolean insecureLoopback;

    @Option(names = "--data", description = "Folder of the embedded database (default: $WEFT_HOME/.run/engine/<name>).")
    Path data;

    @Option(names = "--jdbc-url", description = "Query this JDBC database instead of the embedded one.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", description = "User for --jdbc-url (password from $WEFT_JDBC_PASSWORD).")
    String jdbcUser;

    @Option(names = "--queries", paramLabel = "FILE",
            description = {"JSON file of query name to read-only SQL: the only SQL the sql and aggregate units run.",
                "Tasks name a query (parameter query=NAME); without this file every query is refused."})
    Path queries;

    @Option(names = "--allow-writable-user",
            description = "Start even though the database user can write (refused by default).")
    boolean allowWritableUser;

    @Option(names = "--units", split = ",", defaultValue = "aggregate,combine,sha256,sql",
            description = "Built-in units to host (default: ${DEFAULT-VALUE}).")
    List<String> units;

    @Option(names = "--seed-demo", paramLabel = "ORG",
            description = "Fill table sales with the demo rows of ORG (org1, org2, …) first.")
    String seedDemo;

    @Option(names = "--register", paramLabel = "HOST:PORT",
            description = "Register with the service center at HOST:PORT, heartbeat, report unit faults (S0.7, S0.9).")
    String register;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
            description = "Endpoint announced to the service center (default: 127.0.0.1:<port>, or <bind>:<port>).")
    String advertise;

    @Option(names = "--register-ca", description = "CA of the service center's TLS certificate (default: the profile's).")
    Path registerCa;

    @Option(names = "--admin-port", description = "HTTPS admin port (mutual TLS with the organisation's TLS CA): "
            + "Prometheus metrics at /metrics, /health (default: none).")
    Integer adminPort;

    @Mixin
    EngineExchangeOptions exchangeOptions = new EngineExchangeOptions();

    @Override
    public Integer call() throws InterruptedException {
        EngineFile file = config == null ? null : EngineFile.load(config);
        if (file != null) {
            apply(file);
        }
        EngineConfiguration config = configuration();
        if (adminPort != null && config.tls() == null) {
            throw new IllegalArgumentException("--admin-port needs the engine's TLS identity (not --insecure-loopback)");
        }
        Profile profile = identity.loadProfile();
        exchangeOptions.check(config, profile);
        RegistryClient registry = register == null ? null : registryClient();
        PrometheusMeterRegistry meters = Metrics.prometheus("engine", config.name());
        EngineServer server;
        AdminServer admin = null;
        try {
            ExchangeSetup exchange = exchangeOptions.start(config, dataFolder(config), profile);
            EngineServer.Extensions extensions = exchange == null ? EngineServer.Extensions.NONE
                    : EngineServer.Extensions.NONE.withExchange(exchange);
            server = file == null ? EngineServer.start(config, extensions, meters)
                    : EngineHost.start(config, file, meters, exchange);
            if (exchange != null) {
                spec.commandLine().getOut().printf("exchange port %d, item stream %d (mutual TLS, member "
                        + "organisations %s)%n", exchange.port().port(), exchange.stream().port(),
                        exchangeOptions.organisations());
            }
            if (adminPort != null) {
                admin = AdminServer.builder(config.bindHost(), adminPort, config.tls()).metrics(meters).build().start();
            }
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            throw e;
        }
        var out = spec.commandLine().getOut();
        out.printf("engine %s listening on port %d (%s), units %s%n", config.name(), server.port(),
                config.tls() == null ? "plaintext, loopback only" : "mutual TLS",
                String.join(",", server.framework().health().getUnitsList().stream().map(u -> u.getName()).toList()));
        if (admin != null) {
            out.printf("admin port %d (HTTPS, mutual TLS): /metrics%n", admin.port());
        }
        EngineRegistration membership = null;
        Thread leave = null;
        if (registry != null) {
            String endpoint = advertised(server.port());
            membership = EngineRegistration.start(registry, server.framework(), endpoint);
            // on SIGTERM, deregister alongside the engine's own shutdown rather than after it
            leave = new Thread(membership::close, "weft-engine-deregister");
            Runtime.getRuntime().addShutdownHook(leave);
            out.printf("registering as %s at service center %s%n", endpoint, register);
        }
        out.flush();
        try {
            server.blockUntilShutdown();
        } finally {
            if (membership != null) {
                membership.close(); // deregister before the port closes
                registry.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(leave);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run
                }
            }
            server.stop(); // SIGTERM stopped it already; an interrupt has not
            exchangeOptions.close();
            if (admin != null) {
                admin.close();
            }
        }
        return 0;
    }

    /** The file's settings replace the command line's. */
    void apply(EngineFile file) {
        EngineFile.Settings f = file.settings();
        EngineIdentityOptions id = identity;
        id.name = f.name() != null ? f.name() : id.name;
        id.profile = f.profile() != null ? f.profile() : id.profile;
        port = f.port() != null ? f.port() : port;
        id.bind = f.bind() != null ? f.bind() : id.bind;
        insecureLoopback = f.insecureLoopback() != null ? f.insecureLoopback() : insecureLoopback;
        if (f.tls() != null) {
            id.tlsCert = file.resolve(f.tls().cert());
            id.tlsKey = file.resolve(f.tls().key());
            id.tlsCa = file.resolve(f.tls().ca());
        }
        id.workers = f.workers() != null ? f.workers() : id.workers;
        units = f.builtin() != null ? f.builtin() : units;
        data = f.data() != null ? file.resolve(f.data()) : data;
        queries = f.queries() != null ? file.resolve(f.queries()) : queries;
        seedDemo = f.seedDemo() != null ? f.seedDemo() : seedDemo;
    }

    private RegistryClient registryClient() {
        RegistryClient.Builder builder = RegistryClient.builder().endpoint(register);
        if (insecureLoopback) {
            return builder.insecureLoopback().build();
        }
        TlsMaterial own = identity.tls(identity.loadProfile(), false);
        return builder.tls(registerCa == null ? own : new TlsMaterial(own.certificate(), own.privateKey(), registerCa))
                .build();
    }

    private String advertised(int boundPort) {
        if (advertise != null) {
            return advertise;
        }
        String bind = identity.bind;
        boolean anyInterface = insecureLoopback || bind.equals("0.0.0.0") || bind.equals("::");
        return (anyInterface ? "127.0.0.1" : bind) + ":" + boundPort;
    }

    EngineConfiguration configuration() {
        Profile org = identity.loadProfile();
        TlsMaterial tls = identity.tls(org, insecureLoopback);
        String engineName = identity.name != null ? identity.name : org != null ? org.mspId() : "weft-engine";
        LocalDatabase.Settings database = jdbcUrl != null
                ? LocalDatabase.Settings.jdbc(jdbcUrl, jdbcUser, System.getenv("WEFT_JDBC_PASSWORD"))
                : LocalDatabase.Settings.embedded(data != null ? data : defaultDataFolder(org, engineName));
        database = database.withQueries(queries == null ? NamedQueries.none() : NamedQueries.load(queries))
                .allowingWritableUser(allowWritableUser);
        return new EngineConfiguration(engineName, identity.bind, port, tls, database, new LinkedHashSet<>(units),
                seedDemo, identity.workers, reflection);
    }

    private Path dataFolder(EngineConfiguration config) {
        return data != null ? data : defaultDataFolder(identity.loadProfile(), config.name());
    }

    private static Path defaultDataFolder(Profile org, String engineName) {
        String home = System.getenv("WEFT_HOME");
        String folder = org != null ? org.name() : engineName;
        return Path.of(home == null || home.isBlank() ? "." : home, ".run", "engine",
                folder.toLowerCase(Locale.ROOT));
    }
}
