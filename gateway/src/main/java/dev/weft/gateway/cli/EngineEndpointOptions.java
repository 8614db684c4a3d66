package dev.weft.gateway.cli;

import dev.weft.gateway.engine.EngineClient;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a command reaches an engine: its endpoint, and mutual TLS with the
 * organisation's identity ({@link ClientTlsOptions}) or plaintext loopback.
 */
final class EngineEndpointOptions {
    @Option(names = "--endpoint", required = true, description = "Engine endpoint, host:port.")
    String endpoint;

    @Mixin
    ClientTlsOptions tls = new ClientTlsOptions();

    @Option(names = "--timeout", defaultValue = "PT60S", description = "Deadline of the call (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    EngineClient client() {
        EngineClient.Builder builder = EngineClient.builder().endpoint(endpoint).deadline(timeout)
                .authority(tls.authority);
        if (tls.insecureLoopback) {
            return builder.insecureLoopback().build();
        }
        return builder.tls(tls.tls("engine")).build();
    }
}
