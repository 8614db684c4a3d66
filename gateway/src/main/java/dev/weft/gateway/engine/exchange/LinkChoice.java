package dev.weft.gateway.engine.exchange;

import static dev.weft.gateway.engine.exchange.ExchangeHub.refuse;

import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.Item;
import dev.weft.proto.exchange.v1.LinkAnswer;
import dev.weft.proto.exchange.v1.ItemAddress;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct or relayed, per link and attempt (docs/exchange.md): the receiving side's answer
 * to a negotiation, and the sending side's choice of where an item goes next — from the
 * link's configured mode, the receiver's answer and the formats it reads. The choice is
 * recorded in the sending session ({@link ExchangeSession#paths()}).
 */
final class LinkChoice {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHub.class);

    private final ExchangeHub hub;

    LinkChoice(ExchangeHub hub) {
        this.hub = hub;
    }

    /** The receiving side: where the engine running the attempt takes items directly, and what it reads. */
    LinkAnswer answer(String callerMsp, ItemAddress offer) {
        String self = hub.self();
        if (!callerMsp.equals(offer.getFromMspId()) || !self.equals(offer.getToMspId())) {
            throw refuse(Status.PERMISSION_DENIED, callerMsp + " may not negotiate the link " + offer.getFromMspId()
                    + " -> " + offer.getToMspId() + " here");
        }
        ExchangeSession session = hub.running(new ExchangeHub.Key(offer.getTaskId(), offer.getSubtaskId(),
                offer.getAttempt()), callerMsp);
        ExchangeSession.Delegate delegate = session.delegate();
        LinkAnswer.Builder answer = LinkAnswer.newBuilder();
        boolean standard = hub.options().standard();
        if (delegate != null) {
            if (delegate.direct()) {
                answer.setDirectAddress(delegate.address()).addAllFormats(delegate.formats());
            }
        } else if (hub.advertised() != null || session.endpoint(self) != null) {
            // a standard engine running the unit itself is reached where its organisation published it
            String published = standard ? session.endpoint(self) : null;
            answer.setDirectAddress(published != null ? published : hub.advertised());
            if (!standard) {
                answer.addAllFormats(hub.options().formats());
            }
        }
        return answer.build();
    }

    /** The sending side: where an item goes next; null while the address is not known. */
    ExchangeHub.Route route(ExchangeSession session, Item item, ExchangeHub.Hop hop) {
        String to = item.getToMspId();
        switch (hop) {
            case FORWARD:
                return address(session.endpoint(to), false, false);
            case HANDOVER:
                return new ExchangeHub.Route(session.delegate().address(), true, false);
            default:
                break;
        }
        ExchangeHub.Route known = session.route(to);
        if (known != null) {
            return known;
        }
        ExchangeLinks.Mode mode = hub.options().links().mode(to);
        if (mode == ExchangeLinks.Mode.RELAYED) {
            ExchangeHub.Route r = relayed(session, to);
            if (r != null) {
                session.route(to, r, "configured");
                LOG.info("{}: link {} -> {} relayed (configured)", session.key(), hub.self(), to);
            }
            return r;
        }
        String published = session.endpoint(to);
        if (published == null) {
            return null;
        }
        LinkAnswer answer = ExchangeGrpc.newBlockingStub(hub.channel(published)).withDeadlineAfter(20, TimeUnit.SECONDS)
                .negotiate(ItemAddress.newBuilder().setTaskId(item.getTaskId()).setSubtaskId(item.getSubtaskId())
                        .setAttempt(item.getAttempt()).setFromMspId(hub.self()).setToMspId(to).build());
        String why;
        if (answer.getDirectAddress().isEmpty()) {
            why = to + " takes items only through its standard engine";
        } else if (!answer.getFormatsList().isEmpty() && !answer.getFormatsList().contains(item.getFormat())) {
            why = to + "'s engine reads " + answer.getFormatsList() + ", not " + item.getFormat();
        } else {
            ExchangeHub.Route direct = new ExchangeHub.Route(answer.getDirectAddress(), true, false);
            session.route(to, direct, "negotiated with " + published + ", " + mode.name().toLowerCase(Locale.ROOT));
            LOG.info("{}: link {} -> {} direct to {} (negotiated)", session.key(), hub.self(), to, direct.address());
            return direct;
        }
        if (mode == ExchangeLinks.Mode.DIRECT) {
            throw refuse(Status.PERMISSION_DENIED, "the link to " + to + " is configured direct, but " + why);
        }
        ExchangeHub.Route r = relayed(session, to);
        if (r != null) {
            session.route(to, r, why);
            LOG.info("{}: link {} -> {} relayed: {}", session.key(), hub.self(), to, why);
        }
        return r;
    }

    /** Relayed: a standard engine sends to the receiver's standard engine, another engine to its own. */
    ExchangeHub.Route relayed(ExchangeSession session, String to) {
        return hub.options().standard() ? address(session.endpoint(to), false, false)
                : address(session.endpoint(hub.self()), false, true);
    }

    private static ExchangeHub.Route address(String address, boolean direct, boolean relay) {
        return address == null ? null : new ExchangeHub.Route(address, direct, relay);
    }
}
