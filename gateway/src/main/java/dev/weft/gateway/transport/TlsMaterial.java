package dev.weft.gateway.transport;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.TrustManager;

/**
 * The organisation's Fabric TLS identity on Weft's own ports (engine, service
 * center, gateway API, cluster keepalive, data exchange), as paths to PEM files:
 * a certificate and key, and the organisation's TLS CA. Both ends use it: a server presents its certificate and accepts only clients whose
 * certificate that CA issued (mutual TLS, issue 9 item 4); a client presents its
 * certificate and trusts only servers that CA issued.
 *
 * <pre>{@code
 * TlsMaterial tls = new TlsMaterial(certificate, privateKey, organisationTlsCa);  // or Profile.gatewayTls()
 * ServerCredentials server = tls.serverCredentials();
 * ChannelCredentials client = tls.clientCredentials();
 * }</pre>
 *
 * @param certificate PEM certificate presented to the other end; {@code null} for a client without identity
 * @param privateKey PEM (PKCS#8) key of {@code certificate}
 * @param trustedCa PEM CA certificate(s) the other end's certificate must chain to
 */
public record TlsMaterial(Path certificate, Path privateKey, Path trustedCa) {

    /** Fails early, with the path, when a file the server needs is missing. */
    public TlsMaterial requireServerFiles() {
        requireFile(certificate, "TLS certificate");
        requireFile(privateKey, "TLS private key");
        requireFile(trustedCa, "TLS CA of the clients (the organisation's TLS CA)");
        return this;
    }

    /** Server side: this certificate, and a client certificate issued by {@code trustedCa} required. */
    public ServerCredentials serverCredentials() {
        requireServerFiles();
        try {
            return TlsServerCredentials.newBuilder().keyManager(certificate.toFile(), privateKey.toFile())
                    .trustManager(trustedCa.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS material " + this, e);
        }
    }

    /** Client side: trust servers {@code trustedCa} issued; present this certificate when there is one. */
    public ChannelCredentials clientCredentials() {
        requireFile(trustedCa, "TLS CA of the server");
        try {
            TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder().trustManager(trustedCa.toFile());
            if (certificate != null || privateKey != null) {
                requireFile(certificate, "TLS client certificate");
                requireFile(privateKey, "TLS client private key");
                builder.keyManager(certificate.toFile(), privateKey.toFile());
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS material " + this, e);
        }
    }

    /**
     * Server side with a trust of its own (several organisations' CAs, as the data exchange checks them
     * against the channel's configuration): this certificate, a client certificate {@code trust} accepts
     * required.
     */
    public ServerCredentials serverCredentials(TrustManager trust) {
        requireFile(certificate, "TLS certificate");
        requireFile(privateKey, "TLS private key");
        try {
            return TlsServerCredentials.newBuilder().keyManager(certificate.toFile(), privateKey.toFile())
                    .trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS material " + this, e);
        }
    }

    /** Client side with a trust of its own: presents this certificate, trusts the servers {@code trust} accepts. */
    public ChannelCredentials clientCredentials(TrustManager trust) {
        requireFile(certificate, "TLS client certificate");
        requireFile(privateKey, "TLS client private key");
        try {
            return TlsChannelCredentials.newBuilder().keyManager(certificate.toFile(), privateKey.toFile())
                    .trustManager(trust).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS material " + this, e);
        }
    }

    private static void requireFile(Path path, String what) {
        if (path == null || !Files.isReadable(path)) {
            throw new IllegalArgumentException(what + " not readable: " + path);
        }
    }
}
