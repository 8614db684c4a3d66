package dev.weft.gateway.cli;

import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code weft engine serve} and {@code weft engine adapt} share (a picocli mixin):
 * where the port listens, whose TLS identity it presents and which clients it accepts, the
 * name Health reports and how many executions run at once.
 */
final class EngineIdentityOptions {
    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Interface of the TLS port (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--profile", description = "Organisation profile (org1, or a path): its gatewayTls, MSP ID as name.")
    String profile;

    @Option(names = "--tls-cert", description = "PEM TLS certificate of the port (instead of the profile's).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-ca", description = "PEM CA whose certificates clients must present, with --tls-cert "
            + "(the organisation's TLS CA).")
    Path tlsCa;

    @Option(names = "--name", description = "Name reported by Health (default: the profile's MSP ID).")
    String name;

    @Option(names = "--workers", defaultValue = "4", description = "Executions at the same time (default: ${DEFAULT-VALUE}).")
    int workers;

    /** The profile named by {@code --profile}, or null. */
    Profile loadProfile() {
        return profile == null ? null : Profile.load(profile);
    }

    /**
     * The port's TLS identity: {@code --tls-cert/--tls-key/--tls-ca} together, else the profile's;
     * null (plaintext) only with {@code insecureLoopback}.
     */
    TlsMaterial tls(Profile org, boolean insecureLoopback) {
        boolean explicit = tlsCert != null || tlsKey != null || tlsCa != null;
        if (insecureLoopback) {
            if (explicit) {
                throw new IllegalArgumentException("--insecure-loopback cannot be combined with --tls-cert/--tls-key/--tls-ca");
            }
            return null;
        }
        if (explicit) {
            if (tlsCert == null || tlsKey == null || tlsCa == null) {
                throw new IllegalArgumentException("give --tls-cert, --tls-key and --tls-ca (the clients' CA) together");
            }
            return new TlsMaterial(tlsCert, tlsKey, tlsCa).requireServerFiles();
        }
        if (org == null) {
            throw new IllegalArgumentException("give --profile, or --tls-cert and --tls-key, or --insecure-loopback");
        }
        return org.gatewayTls().requireServerFiles();
    }
}
