package dev.weft.gateway.chain;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything needed to reach a channel as one identity: the signing identity,
 * the gateway peer and its TLS root, and the channel and chaincode names.
 */
public record ConnectionConfig(
        String mspId,
        Path certificate,
        Path privateKey,
        String peerEndpoint,
        Path tlsRootCertificate,
        String peerHostOverride,
        String channel,
        String chaincode) {

    public ConnectionConfig {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(peerEndpoint, "peerEndpoint");
        Objects.requireNonNull(tlsRootCertificate, "tlsRootCertificate");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chaincode, "chaincode");
    }

    public ConnectionConfig withChaincode(String name) {
        return new ConnectionConfig(mspId, certificate, privateKey, peerEndpoint, tlsRootCertificate,
                peerHostOverride, channel, name);
    }
}
