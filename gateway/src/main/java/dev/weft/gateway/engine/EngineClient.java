package dev.weft.gateway.engine;

import dev.weft.gateway.engine.EngineException.Reason;
import dev.weft.gateway.transport.GrpcClientBuilder;
import dev.weft.proto.engine.v1.ComputeEngineGrpc;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.HealthRequest;
import dev.weft.proto.engine.v1.HealthResponse;
import dev.weft.proto.engine.v1.QueryResultRequest;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
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
 *         .endpoint("localhost:7060").tls(Profile.load("org1").gatewayTls())
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

    /** Builds an {@link EngineClient}: an endpoint with TLS or loopback, or a ready channel; calls 60 s by default. */
    public static final class Builder extends GrpcClientBuilder<Builder> {
        private Builder() {
            super("engine", Duration.ofSeconds(60));
        }

        public EngineClient build() {
            ManagedChannel owned = ownedChannel();
            return new EngineClient(owned != null ? owned : givenChannel(), owned, deadline());
        }
    }
}
