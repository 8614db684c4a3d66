package dev.weft.gateway.engine.exchange;

import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.ItemAddress;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Asks an exchange port for an item that does not exist, to see whether a caller gets in at all. */
public final class ExchangeProbe {
    private ExchangeProbe() {
    }

    /** An address no exchange serves. */
    public static final ItemAddress NOTHING = ItemAddress.newBuilder().setTaskId("no-task").setSubtaskId("s")
            .setAttempt(1).setFromMspId("Org1MSP").setToMspId("Org2MSP").setName("result").setDigest("00").build();

    /**
     * The status a fetch of {@code request} from {@code address} ends with, as {@code identity}, trusting the
     * server's certificate by {@code serverTrust}: NOT_FOUND when the port let the caller in, UNAVAILABLE when the
     * handshake refused it.
     */
    public static Status.Code fetchStatus(String address, TlsMaterial identity, ExchangeTrust serverTrust,
            ItemAddress request) {
        ManagedChannel channel = Grpc.newChannelBuilder(address, ExchangePort.clientCredentials(identity, serverTrust))
                .build();
        try {
            StatusRuntimeException e = Assertions.assertThrows(StatusRuntimeException.class,
                    () -> ExchangeGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                            .fetch(request).hasNext());
            return e.getStatus().getCode();
        } finally {
            channel.shutdownNow();
        }
    }
}
