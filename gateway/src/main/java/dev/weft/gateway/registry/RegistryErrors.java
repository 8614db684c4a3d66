package dev.weft.gateway.registry;

import dev.weft.gateway.registry.RegistryException.Reason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The one place where service-center errors become gRPC statuses and back. */
final class RegistryErrors {

    private RegistryErrors() {
    }

    /** A domain error as it leaves the service. */
    static StatusRuntimeException toStatus(RegistryException e) {
        Status status = switch (e.reason()) {
            case INVALID_REQUEST -> Status.INVALID_ARGUMENT;
            case CONFLICT -> Status.ALREADY_EXISTS;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
            case FULL -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
        };
        return status.withDescription(e.getMessage()).asRuntimeException();
    }

    /** A failed call as the client reports it. */
    static RegistryException fromStatus(StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
        Reason reason = switch (status.getCode()) {
            case INVALID_ARGUMENT -> Reason.INVALID_REQUEST;
            case ALREADY_EXISTS -> Reason.CONFLICT;
            case PERMISSION_DENIED -> Reason.FORBIDDEN;
            case RESOURCE_EXHAUSTED -> Reason.FULL;
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> Reason.UNAVAILABLE;
            default -> Reason.INTERNAL;
        };
        String message = reason == Reason.UNAVAILABLE ? "service center unreachable: " + description : description;
        return new RegistryException(reason, message, e);
    }
}
