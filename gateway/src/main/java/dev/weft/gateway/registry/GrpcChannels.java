package dev.weft.gateway.registry;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** Opens a channel to the service center: TLS trusting a CA, or plaintext to loopback only. */
final class GrpcChannels {

    /** Where to connect and how. */
    static final class Target {
        String endpoint;
        Path trustedCa;
        String authority;
        boolean insecureLoopback;
    }

    private GrpcChannels() {
    }

    static ManagedChannel open(Target target, String what) {
        if (target.endpoint == null) {
            throw new IllegalArgumentException("a " + what + " client needs an endpoint or a channel");
        }
        ChannelCredentials credentials;
        if (target.insecureLoopback) {
            requireLoopback(target.endpoint);
            credentials = InsecureChannelCredentials.create();
        } else if (target.trustedCa != null) {
            try {
                credentials = TlsChannelCredentials.newBuilder().trustManager(target.trustedCa.toFile()).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read CA certificate " + target.trustedCa, e);
            }
        } else {
            throw new IllegalArgumentException("give the " + what + "'s TLS CA, or choose insecure loopback");
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target.endpoint, credentials);
        if (target.authority != null) {
            builder.overrideAuthority(target.authority);
        }
        return builder.build();
    }

    private static void requireLoopback(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String host = (colon < 0 ? endpoint : endpoint.substring(0, colon)).replace("[", "").replace("]", "");
        try {
            if (InetAddress.getByName(host).isLoopbackAddress()) {
                return;
            }
        } catch (UnknownHostException e) {
            // not resolvable: certainly not loopback
        }
        throw new IllegalArgumentException("plaintext is allowed to a loopback endpoint only, not " + endpoint);
    }
}
