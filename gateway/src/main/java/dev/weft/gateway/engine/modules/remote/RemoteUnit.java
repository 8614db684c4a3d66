package dev.weft.gateway.engine.modules.remote;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.weft.engine.api.CollaborativeUnit;
import dev.weft.engine.api.Exchange;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.exchange.DelegatedUnit;
import dev.weft.gateway.engine.exchange.ExchangeSession;
import dev.weft.gateway.engine.modules.ModuleUnit;
import dev.weft.gateway.engine.modules.StandardCall;
import dev.weft.proto.engine.v1.ComputeEngineGrpc;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One sidecar: each execution is one standard {@code Execute} call to it, with
 * the same task, subtask and attempt, so the sidecar's own execution registry
 * answers a resend with the result it already has instead of running the
 * engine again. The call is asynchronous; a waiting execution holds no thread.
 */
final class RemoteUnit extends ModuleUnit implements CollaborativeUnit, DelegatedUnit, AutoCloseable {
    private final String endpoint;
    private final ManagedChannel channel;
    private final ComputeEngineGrpc.ComputeEngineFutureStub stub;
    private final ExchangeSession.Delegate delegate;

    RemoteUnit(String name, Set<String> operations, Duration timeout, String endpoint, ManagedChannel channel,
            ExchangeSession.Delegate delegate) {
        super(name, operations, timeout);
        this.endpoint = endpoint;
        this.channel = channel;
        this.stub = ComputeEngineGrpc.newFutureStub(channel);
        this.delegate = delegate;
    }

    @Override
    public ExchangeSession.Delegate delegate() {
        return delegate;
    }

    /**
     * A collaborative part (S1.10) runs in the sidecar, in a session of the sidecar's own exchange hub:
     * the request goes there with the participants and published addresses, the items the sidecar's unit
     * sends leave from there (directly or through this standard engine), and items for it are handed on
     * from this engine's session, which the attempt was opened with {@link #delegate()}. The sidecar's
     * manifest comes back with its result and becomes this engine's.
     */
    @Override
    public byte[] collaborate(UnitRequest request, Exchange exchange) throws Exception {
        if (delegate == null) {
            throw UnitException.coded("NOT_COLLABORATIVE", "sidecar %s takes no part in an exchange: its entry "
                    + "names no exchange port (remote.exchange)", name());
        }
        if (!(exchange instanceof ExchangeSession session)) {
            throw new IllegalStateException("a standard engine's exchange session was expected, not " + exchange);
        }
        ExecuteRequest call = StandardCall.of(request).toBuilder().setCollaborative(true)
                .addAllParticipants(session.participants()).putAllExchangeEndpoints(session.endpoints()).build();
        ExecuteResponse r;
        try {
            r = ComputeEngineGrpc.newBlockingStub(channel).withDeadlineAfter(limit().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(call);
        } catch (StatusRuntimeException e) {
            throw unreachable(e.getStatus());
        }
        if (r.getState() != ExecutionState.SUCCEEDED) {
            throw StandardCall.failure(r, "sidecar " + name(), "SIDECAR_UNIT_FAULT", "ENGINE_PROTOCOL");
        }
        session.adopt(r.getManifestList());
        return r.getValue().toByteArray();
    }

    @Override
    public void start(UnitRequest request, UnitCompletion completion) {
        ListenableFuture<ExecuteResponse> answer =
                stub.withDeadlineAfter(limit().toMillis(), TimeUnit.MILLISECONDS).execute(StandardCall.of(request));
        completion.onCancel(() -> answer.cancel(true));
        Futures.addCallback(answer, new FutureCallback<>() {
            @Override
            public void onSuccess(ExecuteResponse r) {
                answered(r, completion);
            }

            @Override
            public void onFailure(Throwable t) {
                completion.complete(unreachable(Status.fromThrowable(t)));
            }
        }, MoreExecutors.directExecutor());
    }

    /** A call the sidecar did not answer: a unit fault, so the attempt is sent again (S0.9). */
    private UnitFault unreachable(Status s) {
        return new UnitFault("ENGINE_UNREACHABLE", "sidecar " + name() + " at " + endpoint + " did not answer: "
                + s.getCode() + (s.getDescription() == null ? "" : " " + s.getDescription()));
    }

    private void answered(ExecuteResponse r, UnitCompletion completion) {
        StandardCall.complete(completion, r, "sidecar " + name(), "SIDECAR_UNIT_FAULT", "ENGINE_PROTOCOL");
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    @Override
    public String toString() {
        return "remote unit " + name() + " (sidecar " + endpoint + ")";
    }
}
