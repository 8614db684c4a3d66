package dev.weft.gateway.engine.exchange;

import com.google.protobuf.UnsafeByteOperations;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.Item;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store and forward of the items a hub sends (its units' items, relayed ones, hand-overs):
 * each is offered until the next hop acknowledges it, again with backoff (0.2 s doubling to
 * 5 s) while the answer says "not now", and given up when the refusal cannot change (the
 * session's receives then fail at once) or the session ends. A direct link whose address
 * does not answer turns relayed for the rest of the session when its mode is auto.
 */
final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHub.class);
    /** Codes that say "not now": the receiver may take the item later. */
    private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.FAILED_PRECONDITION, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED, Status.Code.CANCELLED, Status.Code.UNKNOWN);

    private final ExchangeHub hub;
    private final LinkChoice links;
    private final LargeItems large;
    private final Map<ExchangeHub.Key, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    Delivery(ExchangeHub hub, LinkChoice links, LargeItems large) {
        this.hub = hub;
        this.links = links;
        this.large = large;
    }

    int undelivered(ExchangeHub.Key key) {
        AtomicInteger n = inFlight.get(key);
        return n == null ? 0 : n.get();
    }

    void dispatch(ExchangeSession session, Item item, Spool spool, ExchangeHub.Hop hop) {
        inFlight.computeIfAbsent(session.key(), k -> new AtomicInteger()).incrementAndGet();
        hub.workers().execute(() -> attempt(session, item, spool, hop, 0));
    }

    void forget(ExchangeHub.Key key) {
        inFlight.remove(key);
    }

    private void attempt(ExchangeSession session, Item item, Spool spool, ExchangeHub.Hop hop, int tries) {
        if (!hub.live(session)) {
            done(session, item, "expired before " + item.getToMspId() + " took it");
            return;
        }
        ExchangeHub.Route route;
        try {
            route = links.route(session, item, hop);
        } catch (StatusRuntimeException e) {
            failed(session, item, spool, hop, tries, e.getStatus(), null);
            return;
        }
        if (route == null) {
            LOG.info("{}: no exchange endpoint for {} known; will try again", session.key(), item.getToMspId());
            retry(session, item, spool, hop, tries);
            return;
        }
        Item.Builder wire = item.toBuilder().setRelay(route.relay());
        if (spool.size() > hub.options().inlineLimit()) {
            String advertised = hub.advertised();
            if (advertised == null) {
                done(session, item, "no advertised address to serve a large item from");
                session.fail("this exchange has no advertised address to serve item " + item.getName() + " from");
                return;
            }
            large.offer(item, spool);
            String stream = large.streamAddress(advertised);
            wire.clearPayload().setFetchFrom(advertised).setSize(spool.size());
            if (stream != null) {
                wire.setStreamFrom(stream);
            } else {
                wire.clearStreamFrom();
            }
        } else {
            try {
                String problem = spool.await(LargeItems.CALL_DEADLINE_MS);
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
            } catch (IllegalStateException | InterruptedException e) {
                session.fail("item " + item.getName() + " could not be passed on: " + e.getMessage());
                done(session, item, e.getMessage());
                return;
            }
            wire.setPayload(UnsafeByteOperations.unsafeWrap(spool.bytes())).clearFetchFrom().clearStreamFrom();
        }
        try {
            ExchangeGrpc.newBlockingStub(hub.channel(route.address()))
                    .withDeadlineAfter(LargeItems.CALL_DEADLINE_MS, TimeUnit.MILLISECONDS).deliver(wire.build());
            done(session, item, null);
        } catch (StatusRuntimeException e) {
            failed(session, item, spool, hop, tries, e.getStatus(), route);
        }
    }

    private void failed(ExchangeSession session, Item item, Spool spool, ExchangeHub.Hop hop, int tries,
            Status status, ExchangeHub.Route route) {
        if (route != null && route.direct() && hop == ExchangeHub.Hop.ORIGIN
                && status.getCode() == Status.Code.UNAVAILABLE
                && hub.options().links().mode(item.getToMspId()) == ExchangeLinks.Mode.AUTO) {
            ExchangeHub.Route relayed = links.relayed(session, item.getToMspId());
            if (relayed != null) {
                session.route(item.getToMspId(), relayed, "the direct address " + route.address()
                        + " did not answer: " + status.getDescription());
                LOG.info("{}: link {} -> {} relayed: direct address {} unreachable", session.key(), hub.self(),
                        item.getToMspId(), route.address());
                retry(session, item, spool, hop, 0);
                return;
            }
        }
        if (TRANSIENT.contains(status.getCode())) {
            if (tries == 0 || tries % 10 == 0) {
                LOG.info("{}: {} did not take item {} yet ({}: {}); will try again", session.key(),
                        item.getToMspId(), item.getName(), status.getCode(), status.getDescription());
            }
            retry(session, item, spool, hop, tries);
        } else {
            String reason = item.getToMspId() + " refused item " + item.getName() + ": " + status.getCode() + " "
                    + status.getDescription();
            LOG.warn("{}: {}", session.key(), reason);
            session.fail(reason);
            done(session, item, reason);
        }
    }

    private void retry(ExchangeSession session, Item item, Spool spool, ExchangeHub.Hop hop, int tries) {
        long delay = Math.min(5_000L, 200L << Math.min(tries, 5));
        hub.timer().schedule(() -> hub.workers().execute(() -> attempt(session, item, spool, hop, tries + 1)), delay,
                TimeUnit.MILLISECONDS);
    }

    private void done(ExchangeSession session, Item item, String problem) {
        inFlight.computeIfAbsent(session.key(), k -> new AtomicInteger()).decrementAndGet();
        if (problem != null) {
            LOG.debug("{}: delivery of {} to {} ended: {}", session.key(), item.getName(), item.getToMspId(), problem);
        }
    }
}
