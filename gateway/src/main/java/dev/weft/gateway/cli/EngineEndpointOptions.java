package dev.weft.gateway.cli;

import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineTls;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a command reaches an engine: its endpoint and mutual TLS, with the
 * organisation's identity of the profile's {@code gatewayTls} (or
 * {@code --tls-ca}, {@code --tls-cert}, {@code --tls-key}); or plaintext loopback.
 * An engine refuses a client that presents no certificate of its organisation.
 */
final class EngineEndpointOptions {
    @Option(names = "--endpoint", required = true, description = "Engine endpoint, host:port.")
    String endpoint;

    @Option(names = "--profile", description = "Organisation profile whose gatewayTls identity to present and CA to trust.")
    String profile;

    @Option(names = "--tls-ca", description = "PEM CA certificate that issued the engine's TLS certificate.")
    Path tlsCa;

    @Option(names = "--tls-cert", description = "PEM client certificate to present (instead of the profile's).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) private key of --tls-cert.")
    Path tlsKey;

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
        return builder.tls(clientTls(profile, tlsCa, tlsCert, tlsKey, "engine")).build();
    }

    /**
     * A client's TLS: the profile's gatewayTls, each part replaced by the option
     * given. Without a certificate the other end refuses the call.
     */
    static EngineTls clientTls(String profile, Path ca, Path cert, Path key, String what) {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("give both --tls-cert and --tls-key");
        }
        EngineTls fromProfile = profile != null ? EngineTls.fromProfile(Profile.load(profile)) : null;
        Path trusted = ca != null ? ca : fromProfile != null ? fromProfile.trustedCa() : null;
        if (trusted == null) {
            throw new IllegalArgumentException("give --profile or --tls-ca (or --insecure-loopback to a local " + what + ")");
        }
        if (cert != null) {
            return new EngineTls(cert, key, trusted);
        }
        return fromProfile != null ? new EngineTls(fromProfile.certificate(), fromProfile.privateKey(), trusted)
                : new EngineTls(null, null, trusted);
    }
}
