package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.json.Json;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The organisation's Fabric TLS identity on Weft's own ports (engine, service
 * center): a certificate and key, and the organisation's TLS CA. Both ends use
 * it: a server presents its certificate and accepts only clients whose
 * certificate that CA issued (mutual TLS, issue 9 item 4); a client presents its
 * certificate and trusts only servers that CA issued.
 *
 * <pre>{@code
 * EngineTls tls = EngineTls.fromProfile(Profile.load("org1"));  // "gatewayTls" of the profile
 * ServerCredentials server = tls.serverCredentials();
 * ChannelCredentials client = tls.clientCredentials();
 * }</pre>
 *
 * @param certificate PEM certificate presented to the other end; {@code null} for a client without identity
 * @param privateKey PEM (PKCS#8) key of {@code certificate}
 * @param trustedCa PEM CA certificate(s) the other end's certificate must chain to
 */
public record EngineTls(Path certificate, Path privateKey, Path trustedCa) {

    /** Reads {@code "gatewayTls": {"cert", "key", "ca"}} from an organisation's profile. */
    public static EngineTls fromProfile(Profile profile) {
        try {
            JsonNode tls = Json.PLAIN.mapper().readTree(profile.file().toFile()).path("gatewayTls");
            if (!tls.hasNonNull("cert") || !tls.hasNonNull("key")) {
                throw new IllegalArgumentException("profile " + profile.file()
                        + " has no gatewayTls {cert, key, ca}; give --tls-cert and --tls-key");
            }
            return new EngineTls(Path.of(tls.get("cert").asText()), Path.of(tls.get("key").asText()),
                    tls.hasNonNull("ca") ? Path.of(tls.get("ca").asText()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile " + profile.file(), e);
        }
    }

    /** Fails early, with the path, when a file the server needs is missing. */
    public EngineTls requireServerFiles() {
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

    private static void requireFile(Path path, String what) {
        if (path == null || !Files.isReadable(path)) {
            throw new IllegalArgumentException(what + " not readable: " + path);
        }
    }
}
