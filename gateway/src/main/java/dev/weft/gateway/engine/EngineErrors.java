package dev.weft.gateway.engine;

import dev.weft.gateway.engine.EngineException.Reason;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one place where engine errors become gRPC statuses and back. The reason
 * travels as a trailer so clients never parse descriptions.
 */
final class EngineErrors {
    static final Metadata.Key<String> REASON =
            Metadata.Key.of("weft-engine-reason", Metadata.ASCII_STRING_MARSHALLER);

    private EngineErrors() {
    }

    static StatusRuntimeException toStatus(Throwable error) {
        if (error instanceof EngineException e) {
            Metadata trailers = new Metadata();
            trailers.put(REASON, e.reason().name());
            return code(e.reason()).withDescription(e.getMessage()).asRuntimeException(trailers);
        }
        return Status.INTERNAL.withDescription(String.valueOf(error)).withCause(error).asRuntimeException();
    }

    static EngineException fromStatus(StatusRuntimeException error) {
        Status status = Status.fromThrowable(error);
        Reason reason = reasonOf(status, Status.trailersFromThrowable(error));
        String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return new EngineException(reason, description, error);
    }

    private static Status code(Reason reason) {
        return switch (reason) {
            case BAD_REQUEST -> Status.INVALID_ARGUMENT;
            case UNKNOWN_OPERATION -> Status.NOT_FOUND;
            case UNIT_UNAVAILABLE, ENGINE_UNAVAILABLE -> Status.UNAVAILABLE;
            case TIMEOUT -> Status.DEADLINE_EXCEEDED;
            case BAD_RESPONSE, INTERNAL -> Status.INTERNAL;
        };
    }

    private static Reason reasonOf(Status status, Metadata trailers) {
        String named = trailers == null ? null : trailers.get(REASON);
        if (named != null) {
            try {
                return Reason.valueOf(named);
            } catch (IllegalArgumentException unknown) {
                // a newer engine's reason: fall back to the status code
            }
        }
        return switch (status.getCode()) {
            case INVALID_ARGUMENT -> Reason.BAD_REQUEST;
            case NOT_FOUND, UNIMPLEMENTED -> Reason.UNKNOWN_OPERATION;
            case UNAVAILABLE, CANCELLED -> Reason.ENGINE_UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Reason.TIMEOUT;
            default -> Reason.INTERNAL;
        };
    }
}
