package dev.weft.gateway.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.hyperledger.fabric.client.GatewayException;

/** A refusal of the gateway API, with the gRPC status it leaves the service with. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    ApiException(Status status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * A peer's refusal, passed on with its status and message (which carry the
     * chaincode's error payload, so the user's client reads the stable code).
     */
    static ApiException fromGateway(String stage, GatewayException e) {
        Status peer = e.getStatus();
        // the peers' reports as fabric-gateway gives them ("… | Org1MSP: chaincode response 500, CODE: text"),
        // so the user's client reads the chaincode's code the way a direct client does
        StringBuilder message = new StringBuilder(stage).append(" failed: ").append(e.getMessage());
        e.getDetails().forEach(d -> message.append(" | ").append(d.getMspId()).append(": ").append(d.getMessage()));
        return new ApiException(peer, message.toString());
    }

    StatusRuntimeException toStatus() {
        return status.withDescription(getMessage()).asRuntimeException();
    }
}
