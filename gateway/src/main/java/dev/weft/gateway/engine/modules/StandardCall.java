package dev.weft.gateway.engine.modules;

import com.google.protobuf.ByteString;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitRequest;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.Input;
import dev.weft.proto.engine.v1.SendMode;

/**
 * The standard protocol between Weft's own parts, for the modules that speak it to a
 * sidecar ({@code remote}, {@code dialin}): a unit request as a first send of
 * {@code Execute}, and an {@code Execute} answer as the unit's completion.
 */
public final class StandardCall {
    private StandardCall() {
    }

    /** {@code request} as an Execute first send (same task, subtask, attempt, parameters and inputs). */
    public static ExecuteRequest of(UnitRequest request) {
        ExecuteRequest.Builder call = ExecuteRequest.newBuilder().setTaskId(request.taskId())
                .setSubtaskId(request.subtaskId()).setAttempt(request.attempt()).setSendMode(SendMode.FIRST_SEND)
                .setOperation(request.operation()).putAllParameters(request.parameters())
                .setExecutorMspId(request.executorMspId() == null ? "" : request.executorMspId());
        for (UnitRequest.NamedInput input : request.inputs()) {
            call.addInputs(Input.newBuilder().setName(input.name()).setValue(ByteString.copyFrom(input.value())));
        }
        return call.build();
    }

    /**
     * Completes with the sidecar's answer: its result; its task failure (whose message already
     * starts with its module's stable code); its unit fault as unit fault {@code faultCode}; any
     * other state as unit fault {@code protocolCode}. The unit faults' messages start with {@code who}.
     */
    public static void complete(UnitCompletion completion, ExecuteResponse r, String who, String faultCode,
            String protocolCode) {
        if (r.getState() == ExecutionState.SUCCEEDED) {
            completion.succeed(r.getValue().toByteArray());
        } else {
            completion.complete(failure(r, who, faultCode, protocolCode));
        }
    }

    /** The unit's outcome of an answer that did not succeed, as {@link #complete} classifies it. */
    public static Exception failure(ExecuteResponse r, String who, String faultCode, String protocolCode) {
        if (r.getState() == ExecutionState.FAILED && !r.getUnitFault()) {
            return new UnitException("%s", r.getError());
        } else if (r.getState() == ExecutionState.FAILED) {
            return new UnitFault(faultCode, who + ": " + r.getError());
        }
        return new UnitFault(protocolCode, who + ": answered " + r.getState());
    }
}
