package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TLS material of an engine's port: the organisation's Fabric TLS server
 * certificate and key, and the CA that clients trust it by.
 *
 * <pre>{@code
 * EngineTls tls = EngineTls.fromProfile(Profile.load("org1"));  // "gatewayTls" of the profile
 * }</pre>
 */
public record EngineTls(Path certificate, Path privateKey, Path trustedCa) {

    /** Reads {@code "gatewayTls": {"cert", "key", "ca"}} from an organisation's profile. */
    public static EngineTls fromProfile(Profile profile) {
        try {
            JsonNode tls = new ObjectMapper().readTree(profile.file().toFile()).path("gatewayTls");
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
        return this;
    }

    private static void requireFile(Path path, String what) {
        if (path == null || !Files.isReadable(path)) {
            throw new IllegalArgumentException(what + " not readable: " + path);
        }
    }
}
