package dev.weft.gateway.engine;

import dev.weft.gateway.engine.EngineException.Reason;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.exchange.ExchangeSession;
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

    /** The exchange session of a collaborative request, opened now or, on a resend, the open one. */
    ExchangeSession open(ExecuteRequest request, ExecutionKey key) {
        if (exchange == null) {
            throw new EngineException(Reason.BAD_REQUEST, "engine " + engine + " has no exchange port for the "
                    + "collaborative subtask " + key + " (weft engine serve --exchange-port)");
        }
        if (!request.getParticipantsList().contains(exchange.self())) {
            throw new EngineException(Reason.BAD_REQUEST, exchange.self() + " is not among the participants "
                    + request.getParticipantsList() + " of " + key);
        }
        return exchange.open(new ExchangeHub.Key(key.taskId(), key.subtaskId(), key.attempt()),
                request.getParticipantsList(), request.getExchangeEndpointsMap());
    }

    /** {@code response} with the session's manifest when it succeeded; as it is without a session. */
    static ExecuteResponse withManifest(ExecuteResponse response, ExchangeSession session) {
        if (session == null || response.getState() != ExecutionState.SUCCEEDED) {
            return response;
        }
        return response.toBuilder().clearManifest().addAllManifest(session.manifest()).build();
    }
}
