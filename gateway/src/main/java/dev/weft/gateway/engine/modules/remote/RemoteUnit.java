package dev.weft.gateway.engine.modules.remote;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitRequest;
import dev.weft.proto.engine.v1.ComputeEngineGrpc;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.Input;
import dev.weft.proto.engine.v1.SendMode;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One sidecar: each execution is one standard {@code Execute} call to it, with
 * the same task, subtask and attempt, so the sidecar's own execution registry
 * answers a resend with the result it already has instead of running the
 * engine again. The call is asynchronous; a waiting execution holds no thread.
 */
final class RemoteUnit implements ComputeUnit, AutoCloseable {
    private final String name;
    private final Set<String> operations;
    private final Duration timeout;
    private final String endpoint;
    private final ManagedChannel channel;
    private final ComputeEngineGrpc.ComputeEngineFutureStub stub;

    RemoteUnit(String name, Set<String> operations, Duration timeout, String endpoint, ManagedChannel channel) {
        this.name = name;
        this.operations = Set.copyOf(operations);
        this.timeout = timeout;
        this.endpoint = endpoint;
        this.channel = channel;
        this.stub = ComputeEngineGrpc.newFutureStub(channel);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> operations() {
        return operations;
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(timeout);
    }

    @Override
    public void start(UnitRequest request, UnitCompletion completion) {
        ExecuteRequest.Builder call = ExecuteRequest.newBuilder().setTaskId(request.taskId())
                .setSubtaskId(request.subtaskId()).setAttempt(request.attempt()).setSendMode(SendMode.FIRST_SEND)
                .setOperation(request.operation()).putAllParameters(request.parameters())
                .setExecutorMspId(request.executorMspId() == null ? "" : request.executorMspId());
        for (UnitRequest.NamedInput input : request.inputs()) {
            call.addInputs(Input.newBuilder().setName(input.name()).setValue(ByteString.copyFrom(input.value())));
        }
        ListenableFuture<ExecuteResponse> answer =
                stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(call.build());
        completion.onCancel(() -> answer.cancel(true));
        Futures.addCallback(answer, new FutureCallback<>() {
            @Override
            public void onSuccess(ExecuteResponse r) {
                answered(r, completion);
            }

            @Override
            public void onFailure(Throwable t) {
                Status s = Status.fromThrowable(t);
                completion.complete(new UnitFault("ENGINE_UNREACHABLE", "sidecar " + name + " at " + endpoint
                        + " did not answer: " + s.getCode() + (s.getDescription() == null ? "" : " "
                        + s.getDescription())));
            }
        }, MoreExecutors.directExecutor());
    }

    private void answered(ExecuteResponse r, UnitCompletion completion) {
        if (r.getState() == ExecutionState.SUCCEEDED) {
            completion.succeed(r.getValue().toByteArray());
        } else if (r.getState() == ExecutionState.FAILED && !r.getUnitFault()) {
            // the sidecar's message already starts with its module's stable code
            completion.fail(new UnitException("%s", r.getError()));
        } else if (r.getState() == ExecutionState.FAILED) {
            completion.complete(new UnitFault("SIDECAR_UNIT_FAULT", "sidecar " + name + ": " + r.getError()));
        } else {
            completion.complete(new UnitFault("ENGINE_PROTOCOL", "sidecar " + name + " answered " + r.getState()));
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    @Override
    public String toString() {
        return "remote unit " + name + " (sidecar " + endpoint + ")";
    }
}
