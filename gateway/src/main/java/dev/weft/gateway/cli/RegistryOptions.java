package dev.weft.gateway.cli;

import dev.weft.gateway.registry.RegistryClient;
import dev.weft.gateway.registry.RegistryConfiguration;
import dev.weft.gateway.registry.RegistryServer;
import dev.weft.gateway.registry.ServiceCenter;
import dev.weft.gateway.registry.ServiceFeed;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.transport.TlsMaterial;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Where {@code weft gateway run} learns about engines from a service center
 * (S0.7): the center it runs itself ({@code --registry-port}), or another one it
 * watches or polls ({@code --registry}).
 */
final class RegistryOptions {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOptions.class);

    @Option(names = "--registry-port", paramLabel = "PORT",
            description = "Run the service center on this port (mutual TLS, the profile's gatewayTls); engines join it "
                    + "with `weft engine serve --register`. Default: no service center.")
    Integer port;

    @Option(names = "--registry-bind", defaultValue = "127.0.0.1",
            description = "Interface of the service center's port (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--registry-heartbeat", defaultValue = "2s", converter = DurationConverter.class,
            description = "Heartbeat interval the service center asks of engines (default: ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--registry-missed", defaultValue = "3",
            description = "Missed heartbeats before an engine is marked down (default: ${DEFAULT-VALUE}).")
    int missed;

    @Option(names = "--registry", paramLabel = "HOST:PORT",
            description = "Take engines from the service center at HOST:PORT instead (watched; see --registry-poll).")
    String remote;

    @Option(names = "--registry-poll", converter = DurationConverter.class,
            description = "Poll the --registry service center this often instead of watching it (S0.7 pull).")
    Duration poll;

    boolean enabled() {
        return port != null || remote != null;
    }

    /**
     * Starts feeding {@code engines} from the service center; closing the result
     * stops the feed (and the center, when this gateway runs it).
     */
    AutoCloseable feed(EngineDirectory engines, TlsMaterial tls) {
        if (port != null && remote != null) {
            throw new IllegalArgumentException("give --registry-port (run a service center) or --registry, not both");
        }
        if (port != null) {
            RegistryConfiguration config = RegistryConfiguration.tls(bind, port, tls)
                    .withHeartbeat(heartbeat, missed);
            RegistryServer server = RegistryServer.start(config);
            ServiceCenter.Subscription watch = server.center().watch(engines::apply);
            LOG.info("service center on {}:{}; engines join with `weft engine serve --register`", bind, server.port());
            return () -> {
                watch.close();
                server.close();
            };
        }
        RegistryClient client = RegistryClient.builder().endpoint(remote).tls(tls).build();
        ServiceFeed feed = poll != null ? ServiceFeed.poll(client, poll, engines::apply)
                : ServiceFeed.watch(client, engines::apply);
        LOG.info("engines from the service center at {} ({})", remote, poll != null ? "polled every " + poll : "watched");
        return () -> {
            feed.close();
            client.close();
        };
    }
}
