package dev.weft.gateway.engine;

import dev.weft.gateway.engine.EngineException.Reason;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.exchange.ExchangeSession;
import dev.weft.gateway.engine.exchange.Results;
import com.google.protobuf.UnsafeByteOperations;
import dev.weft.proto.engine.v1.Input;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;

/**
 * The framework's side of collaborative subtasks (S1.10): the exchange session a
 * collaborative request runs in, and the manifest of what it exchanged added to
 * its successful answer.
 */
final class ExchangeSessions {
    private final String engine;
    private final ExchangeHub exchange;

    /** {@code exchange} may be null: then every collaborative request is refused. */
    ExchangeSessions(String engine, ExchangeHub exchange) {
        this.engine = engine;
        this.exchange = exchange;
    }

    /**
     * The exchange session of a collaborative request, opened now or, on a resend, the open one; with the
     * unit's delegate when the unit's part runs in another engine of the organisation (null: here).
     */
    ExchangeSession open(ExecuteRequest request, ExecutionKey key, ExchangeSession.Delegate delegate) {
        if (exchange == null) {
            throw new EngineException(Reason.BAD_REQUEST, "engine " + engine + " has no exchange port for the "
                    + "collaborative subtask " + key + " (weft engine serve --exchange-port)");
        }
        if (!request.getParticipantsList().contains(exchange.self())) {
            throw new EngineException(Reason.BAD_REQUEST, exchange.self() + " is not among the participants "
                    + request.getParticipantsList() + " of " + key);
        }
        ExchangeHub.Key at = new ExchangeHub.Key(key.taskId(), key.subtaskId(), key.attempt());
        return delegate == null ? exchange.open(at, request.getParticipantsList(), request.getExchangeEndpointsMap())
                : exchange.open(at, request.getParticipantsList(), request.getExchangeEndpointsMap(), delegate);
    }

    /**
     * {@code request} with every input sent by digest (an upstream result too large to ride inline)
     * fetched from its producer's exchange port and checked against its digest; as it is without such.
     */
    ExecuteRequest withFetchedInputs(ExecuteRequest request) {
        if (request.getInputsList().stream().allMatch(i -> i.getFetchFrom().isEmpty())) {
            return request;
        }
        if (exchange == null) {
            throw new EngineException(Reason.BAD_REQUEST, "engine " + engine + " has no exchange port to fetch "
                    + "the inputs of " + request.getTaskId() + "/" + request.getSubtaskId() + " sent by digest");
        }
        ExecuteRequest.Builder out = request.toBuilder().clearInputs();
        for (Input input : request.getInputsList()) {
            if (input.getFetchFrom().isEmpty()) {
                out.addInputs(input);
                continue;
            }
            String upstream = input.getName().substring("result:".length()).split("/", 2)[0];
            ExchangeHub.Key key = new ExchangeHub.Key(request.getTaskId(), upstream, input.getProducerAttempt());
            try {
                byte[] value = Results.fetch(exchange, input.getFetchFrom(), key, input.getProducerMspId(),
                        input.getDigest());
                out.addInputs(input.toBuilder().clearFetchFrom().setValue(UnsafeByteOperations.unsafeWrap(value)));
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                String why = "input " + input.getName() + " (" + input.getDigest() + ") from "
                        + input.getFetchFrom() + ": " + code + " " + e.getStatus().getDescription();
                throw new EngineException(code == Status.Code.INVALID_ARGUMENT || code == Status.Code.PERMISSION_DENIED
                        ? Reason.BAD_REQUEST : Reason.UNIT_UNAVAILABLE, why);
            }
        }
        return out.build();
    }

    /**
     * A result too large to ride inline is served by digest to the organisations {@code request}
     * names as its readers (the participants of the subtasks that depend on it).
     */
    ExecuteResponse offered(ExecuteRequest request, ExecuteResponse response) {
        byte[] value = response.getValue().toByteArray();
        if (exchange != null && response.getState() == ExecutionState.SUCCEEDED
                && request.getResultReadersCount() > 0 && InlineValues.byDigest(value)) {
            Results.offer(exchange, new ExchangeHub.Key(request.getTaskId(), request.getSubtaskId(),
                    request.getAttempt()), response.getDigest(), value, request.getResultReadersList());
        }
        return response;
    }

    /** {@code response} with the session's manifest when it succeeded; as it is without a session. */
    static ExecuteResponse withManifest(ExecuteResponse response, ExchangeSession session) {
        if (session == null || response.getState() != ExecutionState.SUCCEEDED) {
            return response;
        }
        return response.toBuilder().clearManifest().addAllManifest(session.manifest()).build();
    }
}
