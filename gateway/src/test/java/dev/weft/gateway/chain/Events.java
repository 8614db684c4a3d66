package dev.weft.gateway.chain;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.client.ChaincodeEvent;

/** Chaincode events for the tests of the event stream, its dispatch and where it starts. */
public record Events(long getBlockNumber, String getTransactionId, String getEventName) implements ChaincodeEvent {
    public static ChaincodeEvent event(long block, String txId, String name) {
        return new Events(block, txId, name);
    }

    public static ChaincodeEvent event(long block, String txId) {
        return new Events(block, txId, "weft.task");
    }

    @Override
    public String getChaincodeName() {
        return "weft";
    }

    @Override
    public byte[] getPayload() {
        return getTransactionId.getBytes(StandardCharsets.UTF_8);
    }
}
