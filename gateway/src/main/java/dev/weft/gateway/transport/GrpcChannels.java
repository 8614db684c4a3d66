package dev.weft.gateway.transport;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * How every Weft gRPC channel is opened: to another Weft port over mutual TLS with the organisation's
 * Fabric TLS identity, or to a Fabric peer's gateway service over TLS trusting the peer's TLS root (the
 * Fabric Gateway client then signs with the user's enrolment identity).
 *
 * <pre>{@code
 * ManagedChannel api = GrpcChannels.mutualTls("127.0.0.1:7073", tls).build();
 * ManagedChannel peer = GrpcChannels.toPeer("localhost:7051", tlsRoot, "peer0.org1.example.com").build();
 * }</pre>
 */
public final class GrpcChannels {
    private GrpcChannels() {
    }

    /** Mutual TLS to {@code endpoint}: presents {@code tls}'s certificate, trusts servers its CA issued. */
    public static NettyChannelBuilder mutualTls(String endpoint, TlsMaterial tls) {
        return with(endpoint, tls.clientCredentials());
    }

    /** {@code endpoint} with credentials built elsewhere (a trust of several organisations' CAs). */
    public static NettyChannelBuilder with(String endpoint, ChannelCredentials credentials) {
        return NettyChannelBuilder.forTarget(endpoint, credentials);
    }

    /**
     * TLS to a Fabric peer at {@code endpoint}, trusting {@code tlsRoot}; {@code hostOverride} is the TLS
     * host name to expect when the endpoint's host differs (blank or null: the endpoint's).
     */
    public static NettyChannelBuilder toPeer(String endpoint, Path tlsRoot, String hostOverride) {
        try {
            NettyChannelBuilder builder = NettyChannelBuilder.forTarget(endpoint)
                    .sslContext(GrpcSslContexts.forClient().trustManager(tlsRoot.toFile()).build());
            if (hostOverride != null && !hostOverride.isBlank()) {
                builder.overrideAuthority(hostOverride);
            }
            return builder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the peer's TLS root " + tlsRoot, e);
        }
    }
}
