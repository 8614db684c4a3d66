package dev.weft.gateway.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.transport.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A connection profile as {@code test-network.sh up} writes it, one per
 * organisation: {@code $WEFT_HOME/.run/profiles/org1.json}. It names the org's
 * MSP, its peers with their TLS roots, and the users whose credentials the
 * network generated.
 */
public record Profile(String name, String mspId, String channel, String chaincode, List<Peer> peers,
        JsonNode users, Path file) {

    public record Peer(String name, String endpoint, Path tlsRootCertificate) {
    }

    /** Finds a profile by organisation name ("org1") in the profiles folder, or reads a path. */
    public static Profile load(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        if (!nameOrPath.endsWith(".json")) {
            path = profilesFolder().resolve(nameOrPath.toLowerCase(Locale.ROOT) + ".json");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no connection profile at " + path
                    + " (run ./test-network.sh up, or set WEFT_RUN_DIR or WEFT_PROFILES)");
        }
        try {
            JsonNode root = Json.PLAIN.mapper().readTree(path.toFile());
            List<Peer> peers = new ArrayList<>();
            for (JsonNode p : root.path("peers")) {
                peers.add(new Peer(p.path("name").asText(), p.path("endpoint").asText(),
                        Path.of(p.path("tlsRootCert").asText())));
            }
            return new Profile(root.path("name").asText(), root.path("mspId").asText(),
                    root.path("channel").asText(), root.path("chaincode").asText(), List.copyOf(peers),
                    root.path("users"), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile " + path, e);
        }
    }

    public static Path profilesFolder() {
        String explicit = System.getenv("WEFT_PROFILES");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String run = System.getenv("WEFT_RUN_DIR");
        if (run != null && !run.isBlank()) {
            return Path.of(run, "profiles");
        }
        String home = System.getenv("WEFT_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home, ".run", "profiles");
    }

    public List<String> userNames() {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = users.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** The connection of {@code user} through the org's {@code peerIndex}-th peer. */
    public ConnectionConfig connection(String user, int peerIndex) {
        JsonNode u = users.path(user);
        if (u.isMissingNode()) {
            throw new IllegalArgumentException("profile " + name + " has no user " + user + "; it has " + userNames());
        }
        if (peerIndex < 0 || peerIndex >= peers.size()) {
            throw new IllegalArgumentException("profile " + name + " has " + peers.size() + " peer(s)");
        }
        Peer peer = peers.get(peerIndex);
        return new ConnectionConfig(mspId, Path.of(u.path("cert").asText()), Path.of(u.path("key").asText()),
                peer.endpoint(), peer.tlsRootCertificate(), peer.name(), channel, chaincode);
    }

    /**
     * The organisation's TLS identity on Weft's own ports: {@code "gatewayTls": {"cert", "key", "ca"}} of the
     * profile.
     */
    public TlsMaterial gatewayTls() {
        try {
            JsonNode tls = Json.PLAIN.mapper().readTree(file.toFile()).path("gatewayTls");
            if (!tls.hasNonNull("cert") || !tls.hasNonNull("key")) {
                throw new IllegalArgumentException("profile " + file
                        + " has no gatewayTls {cert, key, ca}; give --tls-cert and --tls-key");
            }
            return new TlsMaterial(Path.of(tls.get("cert").asText()), Path.of(tls.get("key").asText()),
                    tls.hasNonNull("ca") ? Path.of(tls.get("ca").asText()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile " + file, e);
        }
    }
}
