package dev.weft.gateway.cli;

import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command presents itself to an engine or a service center (a picocli mixin):
 * mutual TLS with the organisation's identity of the profile's {@code gatewayTls}
 * (or {@code --tls-ca}, {@code --tls-cert}, {@code --tls-key}), or plaintext to loopback.
 * The other end refuses a client that presents no certificate of its organisation.
 */
final class ClientTlsOptions {
    @Option(names = "--profile", description = "Organisation profile whose gatewayTls identity to present and CA to trust.")
    String profile;

    @Option(names = "--tls-ca", description = "PEM CA certificate that issued the other end's TLS certificate.")
    Path tlsCa;

    @Option(names = "--tls-cert", description = "PEM client certificate to present (instead of the profile's).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--authority", description = "TLS host name to expect, when not the endpoint's host.")
    String authority;

    @Option(names = "--insecure-loopback", description = "Plaintext, to a loopback endpoint only.")
    boolean insecureLoopback;

    /**
     * The client's TLS: the profile's gatewayTls, each part replaced by the option given;
     * {@code what} names the other end in the error for a missing CA.
     */
    TlsMaterial tls(String what) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("give both --tls-cert and --tls-key");
        }
        TlsMaterial fromProfile = profile != null ? Profile.load(profile).gatewayTls() : null;
        Path trusted = tlsCa != null ? tlsCa : fromProfile != null ? fromProfile.trustedCa() : null;
        if (trusted == null) {
            throw new IllegalArgumentException("give --profile or --tls-ca (or --insecure-loopback to a local " + what + ")");
        }
        if (tlsCert != null) {
            return new TlsMaterial(tlsCert, tlsKey, trusted);
        }
        return fromProfile != null ? new TlsMaterial(fromProfile.certificate(), fromProfile.privateKey(), trusted)
                : new TlsMaterial(null, null, trusted);
    }
}
