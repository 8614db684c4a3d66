package dev.weft.gateway.engine;

import dev.weft.gateway.engine.EngineException.Reason;
import dev.weft.proto.engine.v1.ComputeEngineGrpc;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.HealthRequest;
import dev.weft.proto.engine.v1.HealthResponse;
import dev.weft.proto.engine.v1.QueryResultRequest;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A blocking client of a standard compute engine, over mutual TLS with the
 * organisation's Fabric TLS identity (its certificate presented, the
 * organisation's CA trusted), every call with a deadline. Failures arrive as
 * {@link EngineException}; a successful result's digest is checked.
 *
 * <pre>{@code
 * try (EngineClient engine = EngineClient.builder()
 *         .endpoint("localhost:7060").tls(EngineTls.fromProfile(Profile.load("org1")))
 *         .deadline(Duration.ofSeconds(30)).build()) {
 *     ExecuteResponse result = engine.execute(request);
 * }
 * }</pre>
 */
public final class EngineClient implements AutoCloseable {
    private final ManagedChannel owned;
    private final ComputeEngineGrpc.ComputeEngineBlockingStub stub;
    private final Duration deadline;

    private EngineClient(Channel channel, ManagedChannel owned, Duration deadline) {
        this.owned = owned;
        this.stub = ComputeEngineGrpc.newBlockingStub(channel);
        this.deadline = deadline;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs (or, for a resend, attaches to) an execution and waits for its outcome. */
    public ExecuteResponse execute(ExecuteRequest request) {
        return execute(request, deadline);
    }

    public ExecuteResponse execute(ExecuteRequest request, Duration callDeadline) {
        ExecuteResponse response = call(() -> withDeadline(callDeadline).execute(request));
        return checked(response);
    }

    /** The state of an execution, without starting one (S1.9 pull). */
    public ExecuteResponse queryResult(String taskId, String subtaskId, int attempt) {
        QueryResultRequest request = QueryResultRequest.newBuilder()
                .setTaskId(taskId).setSubtaskId(subtaskId).setAttempt(attempt).build();
        return checked(call(() -> withDeadline(deadline).queryResult(request)));
    }

    /** The engine's units and whether each is available (S0.10). */
    public HealthResponse health() {
        return call(() -> withDeadline(deadline).health(HealthRequest.getDefaultInstance()));
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
            try {
                if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
                    owned.shutdownNow();
                }
            } catch (InterruptedException e) {
                owned.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private ComputeEngineGrpc.ComputeEngineBlockingStub withDeadline(Duration d) {
        return stub.withDeadlineAfter(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw EngineErrors.fromStatus(e);
        }
    }

    private static ExecuteResponse checked(ExecuteResponse response) {
        if (response.getState() == ExecutionState.SUCCEEDED
                && !Digests.matches(response.getDigest(), response.getValue().toByteArray())) {
            throw new EngineException(Reason.BAD_RESPONSE, "result of unit " + response.getUnit()
                    + " does not match its digest " + response.getDigest());
        }
        return response;
    }

    /** Builds an {@link EngineClient}: an endpoint with TLS or loopback, or a ready channel. */
    public static final class Builder {
        private String endpoint;
        private Path trustedCa;
        private Path certificate;
        private Path privateKey;
        private String authority;
        private boolean insecureLoopback;
        private Channel channel;
        private Duration deadline = Duration.ofSeconds(60);

        private Builder() {
        }

        /** {@code host:port} of the engine. */
        public Builder endpoint(String endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** PEM CA certificate(s) that issued the engine's TLS certificate. */
        public Builder trustedCa(Path trustedCa) {
            this.trustedCa = Objects.requireNonNull(trustedCa, "trustedCa");
            return this;
        }

        /**
         * The client certificate and key to present: the organisation's Fabric
         * TLS identity. An engine refuses a client without one.
         */
        public Builder identity(Path certificate, Path privateKey) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** The CA to trust and the identity to present, both from {@code tls} (a profile's gatewayTls). */
        public Builder tls(EngineTls tls) {
            trustedCa(tls.trustedCa());
            if (tls.certificate() != null) {
                identity(tls.certificate(), tls.privateKey());
            }
            return this;
        }

        /** TLS host name to expect when it differs from the endpoint's host. */
        public Builder authority(String authority) {
            this.authority = authority;
            return this;
        }

        /** Plaintext, allowed only to a loopback endpoint. */
        public Builder insecureLoopback() {
            this.insecureLoopback = true;
            return this;
        }

        /** A channel someone else owns (in-process tests); not closed by the client. */
        public Builder channel(Channel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /** Deadline of every call (default 60 s). */
        public Builder deadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive");
            }
            this.deadline = deadline;
            return this;
        }

        public EngineClient build() {
            if (channel != null) {
                return new EngineClient(channel, null, deadline);
            }
            if (endpoint == null) {
                throw new IllegalArgumentException("an engine client needs an endpoint or a channel");
            }
            ChannelCredentials credentials;
            if (insecureLoopback) {
                requireLoopback(endpoint);
                credentials = InsecureChannelCredentials.create();
            } else if (trustedCa != null) {
                credentials = new EngineTls(certificate, privateKey, trustedCa).clientCredentials();
            } else {
                throw new IllegalArgumentException("give the engine's TLS CA, or choose insecure loopback");
            }
            ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(endpoint, credentials);
            if (authority != null) {
                builder.overrideAuthority(authority);
            }
            ManagedChannel managed = builder.build();
            return new EngineClient(managed, managed, deadline);
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
}
