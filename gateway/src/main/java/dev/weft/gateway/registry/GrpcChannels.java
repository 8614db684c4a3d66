package dev.weft.gateway.registry;

import dev.weft.gateway.engine.EngineTls;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Opens a channel to the service center: mutual TLS (trusting a CA, presenting
 * the organisation's certificate), or plaintext to loopback only.
 */
final class GrpcChannels {

    /** Where to connect and how. */
    static final class Target {
        String endpoint;
        Path trustedCa;
        Path certificate;
        Path privateKey;
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
            credentials = new EngineTls(target.certificate, target.privateKey, target.trustedCa).clientCredentials();
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
