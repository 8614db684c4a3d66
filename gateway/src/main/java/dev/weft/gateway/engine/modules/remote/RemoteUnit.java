package dev.weft.gateway.engine.modules.remote;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.modules.ModuleUnit;
import dev.weft.gateway.engine.modules.StandardCall;
import dev.weft.proto.engine.v1.ComputeEngineGrpc;
import dev.weft.proto.engine.v1.ExecuteResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One sidecar: each execution is one standard {@code Execute} call to it, with
 * the same task, subtask and attempt, so the sidecar's own execution registry
 * answers a resend with the result it already has instead of running the
 * engine again. The call is asynchronous; a waiting execution holds no thread.
 */
final class RemoteUnit extends ModuleUnit implements AutoCloseable {
    private final String endpoint;
    private final ManagedChannel channel;
    private final ComputeEngineGrpc.ComputeEngineFutureStub stub;

    RemoteUnit(String name, Set<String> operations, Duration timeout, String endpoint, ManagedChannel channel) {
        super(name, operations, timeout);
        this.endpoint = endpoint;
        this.channel = channel;
        this.stub = ComputeEngineGrpc.newFutureStub(channel);
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
                Status s = Status.fromThrowable(t);
                completion.complete(new UnitFault("ENGINE_UNREACHABLE", "sidecar " + name() + " at " + endpoint
                        + " did not answer: " + s.getCode() + (s.getDescription() == null ? "" : " "
                        + s.getDescription())));
            }
        }, MoreExecutors.directExecutor());
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
