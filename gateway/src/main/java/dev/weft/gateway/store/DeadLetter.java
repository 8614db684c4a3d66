package dev.weft.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import org.hyperledger.fabric.client.ChaincodeEvent;

/**
 * A chaincode event that could not be handled (a poison event), set aside so it
 * never blocks the event stream; it can be taken back out for replay. The payload
 * is copied in and out; times are kept to the millisecond.
 *
 * <pre>{@code
 * DeadLetter stored = store.deadLetter(DeadLetter.of(event, e.toString(), attempts, Instant.now()));
 * ...
 * store.takeDeadLetter(stored.id()).ifPresent(this::replay);
 * }</pre>
 *
 * @param id the store's id, assigned when stored ({@code 0} before)
 * @param attempts how many times handling it was tried
 */
public record DeadLetter(long id, long blockNumber, String txId, String eventName, byte[] payload, String error,
        int attempts, Instant createdAt) {

    public DeadLetter {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(eventName, "eventName");
        payload = Objects.requireNonNull(payload, "payload").clone();
        Objects.requireNonNull(error, "error");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** A dead letter for {@code event}, not yet stored. */
    public static DeadLetter of(ChaincodeEvent event, String error, int attempts, Instant now) {
        return new DeadLetter(0, event.getBlockNumber(), event.getTransactionId(), event.getEventName(),
                event.getPayload(), error, attempts, now);
    }

    /** A copy of the event's payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    DeadLetter withId(long newId) {
        return new DeadLetter(newId, blockNumber, txId, eventName, payload, error, attempts, createdAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter that
                && id == that.id
                && blockNumber == that.blockNumber
                && txId.equals(that.txId)
                && eventName.equals(that.eventName)
                && Arrays.equals(payload, that.payload)
                && error.equals(that.error)
                && attempts == that.attempts
                && createdAt.equals(that.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, blockNumber, txId, eventName, Arrays.hashCode(payload), error, attempts, createdAt);
    }

    @Override
    public String toString() {
        return "DeadLetter[id=" + id + ", block=" + blockNumber + ", txId=" + txId + ", event=" + eventName
                + ", payload=" + payload.length + " bytes, attempts=" + attempts + ", error=" + error + "]";
    }
}
