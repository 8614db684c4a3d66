package dev.weft.gateway.chain;

import java.util.Objects;
import org.hyperledger.fabric.client.ChaincodeEvent;

/**
 * How far a consumer had read on a stream of its own before it moved onto the gateway's
 * shared one ({@link EventHub}): the events at or before that position, which it has
 * handled already, are {@linkplain #behind(ChaincodeEvent) behind} it. A position has the
 * meaning of a fabric-gateway checkpoint: a block and the last transaction handled in it,
 * or a block with no transaction to resume at its start. Events are seen in chain order,
 * and a transaction sets at most one chaincode event.
 *
 * <pre>{@code
 * EventFloor floor = EventFloor.at(12, "tx-b");
 * floor.behind(event(11, "tx-z"));  // true
 * floor.behind(event(12, "tx-a"));  // true: before tx-b in block 12
 * floor.behind(event(12, "tx-b"));  // true: the last one handled
 * floor.behind(event(12, "tx-c"));  // false, and so is every later event
 * }</pre>
 */
public final class EventFloor {
    /** A consumer with nothing behind it. */
    public static final EventFloor NONE = new EventFloor(-1, null);

    private final long block;
    private final String transactionId;
    private boolean reached;

    private EventFloor(long block, String transactionId) {
        this.block = block;
        this.transactionId = transactionId;
        this.reached = block < 0;
    }

    /** The position of a checkpoint: {@code transactionId} null to resume at the start of {@code block}. */
    public static EventFloor at(long block, String transactionId) {
        if (block < 0) {
            throw new IllegalArgumentException("block " + block);
        }
        return new EventFloor(block, transactionId == null || transactionId.isEmpty() ? null : transactionId);
    }

    /** Whether the consumer had handled {@code event} already; call it for every event, in order. */
    public synchronized boolean behind(ChaincodeEvent event) {
        Objects.requireNonNull(event, "event");
        if (reached || event.getBlockNumber() > block) {
            reached = true;
            return false;
        }
        if (event.getBlockNumber() < block) {
            return true;
        }
        if (transactionId == null) {
            reached = true;
            return false;
        }
        if (transactionId.equals(event.getTransactionId())) {
            reached = true;
        }
        return true;
    }

    @Override
    public String toString() {
        return block < 0 ? "EventFloor[none]" : "EventFloor[" + block + (transactionId != null ? "/" + transactionId : "")
                + "]";
    }
}
