package dev.weft.gateway.cli;

import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --gateway HOST:PORT}: send governance's writes through the organisation's
 * gateway API (S2.6), signed here by the user's own key; without it they go
 * straight to the peers. The TLS client identity is the user's own TLS certificate
 * when the user's folder has one ({@code users/<user>/tls/client.crt}, cryptogen's
 * layout), else the profile's gateway TLS identity.
 */
final class GatewayApiOptions {
    @Option(names = "--gateway", paramLabel = "HOST:PORT",
            description = "Through the organisation's gateway API ($WEFT_GATEWAY_ADDRESS) instead of straight to the peers.")
    String gateway;

    @Option(names = "--gateway-tls-cert", description = "TLS client certificate for --gateway (default: the user's).")
    Path tlsCert;

    @Option(names = "--gateway-tls-key", description = "Key of --gateway-tls-cert.")
    Path tlsKey;

    boolean enabled() {
        return gateway != null && !gateway.isBlank();
    }

    GatewayApiClient connect(ConnectionOptions connection, ConnectionConfig user) {
        return GatewayApiClient.connect(gateway, tls(connection, user));
    }

    /** Governance whose writes go through {@code api}, signed as {@code user}; reads on {@code chain} (may be null). */
    static Governance governance(GatewayApiClient api, ConnectionConfig user, dev.weft.gateway.chain.ChainClient chain) {
        return new Governance(chain, (function, args) -> api.submit(user, function, args));
    }

    private TlsMaterial tls(ConnectionOptions connection, ConnectionConfig user) {
        TlsMaterial org = connection.profile != null ? Profile.load(connection.profile).gatewayTls() : null;
        Path ca = org != null ? org.trustedCa() : null;
        if (tlsCert != null) {
            return new TlsMaterial(tlsCert, tlsKey, ca);
        }
        // cryptogen: users/User1@org1.example.com/msp/signcerts/….pem beside users/User1@org1.example.com/tls/
        Path userDir = user.certificate().toAbsolutePath().getParent().getParent().getParent();
        Path own = userDir.resolve("tls").resolve("client.crt");
        if (Files.isReadable(own)) {
            return new TlsMaterial(own, userDir.resolve("tls").resolve("client.key"), ca);
        }
        if (org == null) {
            throw new IllegalArgumentException("give --gateway-tls-cert and --gateway-tls-key, or --profile");
        }
        return org;
    }
}
