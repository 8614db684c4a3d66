package dev.weft.gateway.transport;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What every Weft gRPC client is built from: an endpoint reached over mutual TLS
 * (the CA to trust, the organisation's Fabric TLS identity to present) or plaintext
 * to loopback only, or a channel someone else owns; and a deadline per call. A
 * client's builder extends this and turns the result into its client in
 * {@code build()}:
 *
 * <pre>{@code
 * public static final class Builder extends GrpcClientBuilder<Builder> {
 *     Builder() { super("engine", Duration.ofSeconds(60)); }
 *     public EngineClient build() {
 *         ManagedChannel owned = ownedChannel();          // null when given a channel
 *         return new EngineClient(owned != null ? owned : givenChannel(), owned, deadline());
 *     }
 * }
 * }</pre>
 */
public abstract class GrpcClientBuilder<B extends GrpcClientBuilder<B>> {
    private final String what;
    private String endpoint;
    private Path trustedCa;
    private Path certificate;
    private Path privateKey;
    private String authority;
    private boolean insecureLoopback;
    private Channel channel;
    private Duration deadline;

    /** {@code what} names the server in errors ("engine", "service center"). */
    protected GrpcClientBuilder(String what, Duration defaultDeadline) {
        this.what = what;
        this.deadline = defaultDeadline;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** {@code host:port} of the server. */
    public B endpoint(String endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        return self();
    }

    /** PEM CA certificate(s) that issued the server's TLS certificate. */
    public B trustedCa(Path trustedCa) {
        this.trustedCa = Objects.requireNonNull(trustedCa, "trustedCa");
        return self();
    }

    /** The client certificate and key to present: the organisation's Fabric TLS identity. */
    public B identity(Path certificate, Path privateKey) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        return self();
    }

    /** The CA to trust and the identity to present, both from {@code tls} (a profile's gatewayTls). */
    public B tls(TlsMaterial tls) {
        trustedCa(tls.trustedCa());
        if (tls.certificate() != null) {
            identity(tls.certificate(), tls.privateKey());
        }
        return self();
    }

    /** TLS host name to expect when it differs from the endpoint's host. */
    public B authority(String authority) {
        this.authority = authority;
        return self();
    }

    /** Plaintext, allowed only to a loopback endpoint. */
    public B insecureLoopback() {
        this.insecureLoopback = true;
        return self();
    }

    /** A channel someone else owns (in-process tests); not closed by the client. */
    public B channel(Channel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
        return self();
    }

    /** Deadline of every unary call. */
    public B deadline(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive");
        }
        this.deadline = deadline;
        return self();
    }

    protected Duration deadline() {
        return deadline;
    }

    /** The channel given with {@link #channel}, or null. */
    protected Channel givenChannel() {
        return channel;
    }

    /** A new channel the client owns and closes, or null when a channel was given. */
    protected ManagedChannel ownedChannel() {
        if (channel != null) {
            return null;
        }
        if (endpoint == null) {
            throw new IllegalArgumentException("a " + what + " client needs an endpoint or a channel");
        }
        ChannelCredentials credentials;
        if (insecureLoopback) {
            requireLoopback(endpoint);
            credentials = InsecureChannelCredentials.create();
        } else if (trustedCa != null) {
            credentials = new TlsMaterial(certificate, privateKey, trustedCa).clientCredentials();
        } else {
            throw new IllegalArgumentException("give the " + what + "'s TLS CA, or choose insecure loopback");
        }
        ManagedChannelBuilder<?> builder = GrpcChannels.with(endpoint, credentials);
        if (authority != null) {
            builder.overrideAuthority(authority);
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
