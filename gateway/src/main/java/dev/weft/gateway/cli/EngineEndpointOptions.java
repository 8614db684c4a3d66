package dev.weft.gateway.cli;

import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineTls;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a command reaches an engine: its endpoint, and the CA to trust (the
 * profile's {@code gatewayTls.ca}, or {@code --tls-ca}), or plaintext loopback.
 */
final class EngineEndpointOptions {
    @Option(names = "--endpoint", required = true, description = "Engine endpoint, host:port.")
    String endpoint;

    @Option(names = "--profile", description = "Organisation profile whose gatewayTls CA to trust.")
    String profile;

    @Option(names = "--tls-ca", description = "PEM CA certificate that issued the engine's TLS certificate.")
    Path tlsCa;

    @Option(names = "--authority", description = "TLS host name to expect, when not the endpoint's host.")
    String authority;

    @Option(names = "--insecure-loopback", description = "Plaintext, to a loopback endpoint only.")
    boolean insecureLoopback;

    @Option(names = "--timeout", defaultValue = "PT60S", description = "Deadline of the call (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    EngineClient client() {
        EngineClient.Builder builder = EngineClient.builder().endpoint(endpoint).deadline(timeout).authority(authority);
        if (insecureLoopback) {
            return builder.insecureLoopback().build();
        }
        Path ca = tlsCa;
        if (ca == null && profile != null) {
            ca = EngineTls.fromProfile(Profile.load(profile)).trustedCa();
        }
        if (ca == null) {
            throw new IllegalArgumentException("give --profile or --tls-ca (or --insecure-loopback to a local engine)");
        }
        return builder.trustedCa(ca).build();
    }
}
