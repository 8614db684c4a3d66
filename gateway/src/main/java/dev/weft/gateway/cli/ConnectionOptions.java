package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.chain.Profile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command reaches the channel: a profile that {@code test-network.sh up}
 * wrote ({@code --profile org1}), optionally overridden piece by piece, or every
 * piece given explicitly.
 */
public final class ConnectionOptions {
    @Option(names = "--profile", description = "Organisation profile: org1, org2, org3, or a profile JSON path.")
    String profile;

    @Option(names = "--user", defaultValue = "User1",
            description = "User of the profile whose credentials sign (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--peer-index", defaultValue = "0", description = "Which of the profile's peers to use.")
    int peerIndex;

    @Option(names = "--msp-id", description = "MSP ID of the signing identity.")
    String mspId;

    @Option(names = "--cert", description = "PEM certificate of the signing identity.")
    Path cert;

    @Option(names = "--key", description = "PEM private key of the signing identity.")
    Path key;

    @Option(names = "--peer", description = "Gateway peer endpoint, host:port.")
    String peer;

    @Option(names = "--tls-ca", description = "PEM TLS root certificate of the peer.")
    Path tlsCa;

    @Option(names = "--peer-host", description = "TLS host name to expect from the peer.")
    String peerHost;

    @Option(names = "--channel", description = "Channel name (default: from profile, else weft).")
    String channel;

    @Option(names = "--chaincode", description = "Chaincode name (default: from profile, else weft).")
    String chaincode;

    /** The connection these options describe; explicit options win over the profile. */
    public ConnectionConfig toConfig() {
        ConnectionConfig base = null;
        if (profile != null) {
            base = Profile.load(profile).connection(user, peerIndex);
        } else if (mspId == null || cert == null || key == null || peer == null || tlsCa == null) {
            throw new IllegalArgumentException(
                    "give --profile, or all of --msp-id --cert --key --peer --tls-ca");
        }
        return new ConnectionConfig(
                pick(mspId, base == null ? null : base.mspId()),
                pick(cert, base == null ? null : base.certificate()),
                pick(key, base == null ? null : base.privateKey()),
                pick(peer, base == null ? null : base.peerEndpoint()),
                pick(tlsCa, base == null ? null : base.tlsRootCertificate()),
                pick(peerHost, base == null ? null : base.peerHostOverride()),
                pick(channel, base == null ? "weft" : base.channel()),
                pick(chaincode, base == null ? "weft" : base.chaincode()));
    }

    private static <T> T pick(T explicit, T fallback) {
        return explicit != null ? explicit : fallback;
    }
}
