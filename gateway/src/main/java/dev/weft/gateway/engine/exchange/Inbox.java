package dev.weft.gateway.engine.exchange;

import static dev.weft.gateway.engine.exchange.ExchangeHub.refuse;

import com.google.protobuf.UnsafeByteOperations;
import dev.weft.gateway.engine.Digests;
import dev.weft.proto.exchange.v1.Ack;
import dev.weft.proto.exchange.v1.Item;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives at a hub's exchange port (S1.10): the checks every item passes (address,
 * caller, digest, a running attempt with the sender among its participants), then one of
 * three ways in — taken by this engine's session (converted first when this standard
 * engine's units read another format), relayed out for one of this organisation's own
 * engines, or handed over to the organisation's engine that runs the attempt.
 */
final class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHub.class);

    private final ExchangeHub hub;
    private final Delivery delivery;
    private final LargeItems large;
    private final Map<String, String> passedOn = new ConcurrentHashMap<>();
    private final AtomicLong relayedItems = new AtomicLong();

    Inbox(ExchangeHub hub, Delivery delivery, LargeItems large) {
        this.hub = hub;
        this.delivery = delivery;
        this.large = large;
    }

    long relayed() {
        return relayedItems.get();
    }

    /**
     * An item arriving from {@code callerMsp} (the organisation whose TLS CA issued the caller's
     * certificate).
     *
     * @throws io.grpc.StatusRuntimeException PERMISSION_DENIED when the caller may not send it (not the
     *     sender nor this organisation's own relay), the item is not for this organisation, or the sender
     *     is no participant; INVALID_ARGUMENT for a malformed item or bytes that do not match their digest;
     *     FAILED_PRECONDITION while this engine runs no such attempt (the sender tries again);
     *     ALREADY_EXISTS for another payload under a name; UNAVAILABLE when the bytes of an item sent
     *     by digest cannot be fetched now
     */
    Ack accept(String callerMsp, Item item) {
        String self = hub.self();
        ExchangeHub.Options options = hub.options();
        if (!ExchangeSession.NAME.matcher(item.getName()).matches() || item.getTaskId().isEmpty()
                || item.getSubtaskId().isEmpty() || item.getAttempt() < 1
                || item.getFromMspId().equals(item.getToMspId())) {
            throw refuse(Status.INVALID_ARGUMENT, "malformed item address");
        }
        boolean byDigest = !item.getFetchFrom().isEmpty();
        if (byDigest && !item.getPayload().isEmpty()) {
            throw refuse(Status.INVALID_ARGUMENT, "an item sent by digest carries no payload");
        }
        if (!byDigest && !Digests.matches(item.getDigest(), item.getPayload().toByteArray())) {
            LOG.warn("refused item {} from {} for {}/{}#{}: its payload does not match its digest", item.getName(),
                    callerMsp, item.getTaskId(), item.getSubtaskId(), item.getAttempt());
            throw refuse(Status.INVALID_ARGUMENT, "payload does not match its digest " + item.getDigest());
        }
        ExchangeHub.Key key = new ExchangeHub.Key(item.getTaskId(), item.getSubtaskId(), item.getAttempt());
        if (item.getRelay()) {
            return relayOut(callerMsp, key, item);
        }
        if (!callerMsp.equals(item.getFromMspId()) && !callerMsp.equals(self)) {
            throw refuse(Status.PERMISSION_DENIED, "the caller is " + callerMsp + ", not the sender "
                    + item.getFromMspId());
        }
        if (!self.equals(item.getToMspId())) {
            throw refuse(Status.PERMISSION_DENIED, "this exchange serves " + self + ", not " + item.getToMspId());
        }
        ExchangeSession session = hub.running(key, item.getFromMspId());
        ExchangeSession.Delegate delegate = session.delegate();
        if (delegate != null && options.standard()) {
            return handOver(session, delegate, item);
        }
        try {
            if (session.has(item)) {
                return Ack.newBuilder().setDuplicate(true).build();
            }
            Item taken = item;
            byte[] data = byDigest ? large.fetchNow(item) : item.getPayload().toByteArray();
            if (options.standard() && !options.formats().isEmpty() && !options.formats().contains(item.getFormat())) {
                Item converted = convert(item, data, options.formats().get(0));
                data = converted.getPayload().toByteArray();
                taken = converted;
            }
            Item address = taken.toBuilder().clearPayload().build();
            // kept on disk, when the hub keeps items, before the unit sees it and before the sender is told
            byte[] bytes = data;
            boolean fresh = session.accept(address, bytes, () -> hub.taken(session, address, bytes));
            LOG.debug("{} item {} from {} ({} bytes, {})", fresh ? "took" : "already had", item.getName(), callerMsp,
                    data.length, callerMsp.equals(self) ? "through this organisation's standard engine" : "direct");
            return Ack.newBuilder().setDuplicate(!fresh).build();
        } catch (IllegalStateException e) {
            throw refuse(Status.ALREADY_EXISTS, e.getMessage());
        }
    }

    /** An engine of this organisation asks its standard engine to pass an item on to the receiver's. */
    private Ack relayOut(String callerMsp, ExchangeHub.Key key, Item item) {
        String self = hub.self();
        if (!hub.options().standard()) {
            throw refuse(Status.PERMISSION_DENIED, "this exchange is not a standard engine; it relays nothing");
        }
        if (!callerMsp.equals(self) || !item.getFromMspId().equals(self)) {
            throw refuse(Status.PERMISSION_DENIED, "only " + self + "'s own engines have their items relayed here");
        }
        ExchangeSession session = hub.running(key, item.getToMspId());
        if (!passOnce("out", item)) {
            return Ack.newBuilder().setDuplicate(true).build();
        }
        Spool spool = item.getFetchFrom().isEmpty() ? Spool.of(item.getPayload().toByteArray(), item.getDigest())
                : large.fetchLater(item);
        relayedItems.incrementAndGet();
        delivery.dispatch(session, item.toBuilder().setRelay(false).clearPayload().clearFetchFrom().clearStreamFrom()
                .build(), spool, ExchangeHub.Hop.FORWARD);
        return Ack.newBuilder().build();
    }

    /** An item for this organisation's engine that runs the attempt: converted if need be, handed on. */
    private Ack handOver(ExchangeSession session, ExchangeSession.Delegate delegate, Item item) {
        if (!passOnce("in", item)) {
            return Ack.newBuilder().setDuplicate(true).build();
        }
        try {
            Item out = item.toBuilder().clearPayload().clearFetchFrom().clearStreamFrom().build();
            Spool spool;
            if (!delegate.formats().isEmpty() && !delegate.formats().contains(item.getFormat())) {
                byte[] data = item.getFetchFrom().isEmpty() ? item.getPayload().toByteArray() : large.fetchNow(item);
                Item converted = convert(item, data, delegate.formats().iterator().next());
                spool = Spool.of(converted.getPayload().toByteArray(), converted.getDigest());
                out = converted.toBuilder().clearPayload().build();
            } else {
                spool = item.getFetchFrom().isEmpty() ? Spool.of(item.getPayload().toByteArray(), item.getDigest())
                        : large.fetchLater(item);
            }
            relayedItems.incrementAndGet();
            delivery.dispatch(session, out, spool, ExchangeHub.Hop.HANDOVER);
            return Ack.newBuilder().build();
        } catch (RuntimeException e) {
            passedOn.remove(passId("in", item));
            throw e;
        }
    }

    private boolean passOnce(String direction, Item item) {
        String before = passedOn.putIfAbsent(passId(direction, item), ExchangeSession.sentDigest(item));
        if (before == null) {
            return true;
        }
        if (before.equals(ExchangeSession.sentDigest(item))) {
            return false;
        }
        throw refuse(Status.ALREADY_EXISTS, "item " + item.getName() + " from " + item.getFromMspId()
                + " already passed with other bytes");
    }

    private static String passId(String direction, Item item) {
        return direction + "|" + item.getTaskId() + "|" + item.getSubtaskId() + "|" + item.getAttempt() + "|"
                + item.getFromMspId() + "|" + item.getToMspId() + "|" + item.getName();
    }

    /** Forgets what was passed on for the attempts whose ids start with {@code prefix}. */
    void forget(String prefix) {
        passedOn.keySet().removeIf(id -> id.substring(id.indexOf('|') + 1).startsWith(prefix));
    }

    private static Item convert(Item item, byte[] data, String format) {
        byte[] converted;
        try {
            converted = Formats.convert(data, item.getFormat(), format);
        } catch (IllegalArgumentException e) {
            throw refuse(Status.INVALID_ARGUMENT, "cannot convert item " + item.getName() + " from "
                    + item.getFormat() + " to " + format + ": " + e.getMessage());
        }
        LOG.info("converted item {} from {} ({} bytes, {}) to {} ({} bytes)", item.getName(), item.getFromMspId(),
                data.length, item.getFormat(), format, converted.length);
        return item.toBuilder().setPayload(UnsafeByteOperations.unsafeWrap(converted))
                .setDigest(Digests.sha256Hex(converted)).setSize(converted.length).setFormat(format)
                .setSentDigest(ExchangeSession.sentDigest(item))
                .setSentSize(item.getSentDigest().isEmpty() ? data.length : item.getSentSize())
                .setSentFormat(item.getSentFormat().isEmpty() ? item.getFormat() : item.getSentFormat()).build();
    }
}
