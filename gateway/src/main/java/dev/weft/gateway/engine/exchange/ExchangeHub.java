package dev.weft.gateway.engine.exchange;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.weft.gateway.engine.Digests;
import dev.weft.proto.exchange.v1.Ack;
import dev.weft.proto.exchange.v1.Chunk;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.FetchRequest;
import dev.weft.proto.exchange.v1.Item;
import dev.weft.proto.exchange.v1.LinkAnswer;
import dev.weft.proto.exchange.v1.LinkOffer;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange of one organisation's engine (S1.10): the sessions of the collaborative
 * executions it runs, the items arriving for them, and the delivery of the items they
 * send — store and forward: an item is kept and offered again, with backoff, until the
 * receiver acknowledges it, so a receiver that is away for a while (not running the
 * attempt yet, restarting, unreachable) gets everything when it is back. Refusals that
 * cannot change (not a participant, digest mismatch, another payload under the same
 * name) end the session's receives at once instead.
 *
 * <p>Each link is {@link ExchangeLinks direct or relayed}: direct goes straight to the
 * address the receiver's standard engine names for the engine running the attempt
 * (negotiated per link), relayed goes through the standard engines of both
 * organisations; a standard engine ({@link Options#standard}) relays its own
 * organisation's engines' items, converts formats for the engine it hands an item to,
 * and hands items on to the organisation's engine that runs the attempt
 * ({@link ExchangeSession.Delegate}). Items larger than {@link Options#inlineLimit}
 * travel by digest: the receiver fetches the bytes from the previous hop in 1 MiB
 * chunks, and a relay passes them on while they still arrive.
 */
public final class ExchangeHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHub.class);
    /** Codes that say "not now": the receiver may take the item later. */
    private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.FAILED_PRECONDITION, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED, Status.Code.CANCELLED, Status.Code.UNKNOWN);
    static final int CHUNK = 1024 * 1024;

    /** An attempt of a subtask. */
    public record Key(String taskId, String subtaskId, int attempt) {
        @Override
        public String toString() {
            return taskId + "/" + subtaskId + "#" + attempt;
        }
    }

    /**
     * @param standard    an organisation's standard engine: relays for its own engines, converts, hands on
     * @param links       how this engine's units send to each organisation
     * @param formats     what this engine's own units read (empty: any, as sent); a standard engine converts
     *                    others into the first of them
     * @param inlineLimit items up to this size travel inside Deliver, larger ones by digest
     */
    public record Options(boolean standard, ExchangeLinks links, List<String> formats, int inlineLimit) {
        public static final Options STANDARD = new Options(true, ExchangeLinks.AUTO, List.of(), CHUNK);

        public Options {
            formats = List.copyOf(formats);
        }

        public Options withLinks(ExchangeLinks l) {
            return new Options(standard, l, formats, inlineLimit);
        }

        public Options withFormats(List<String> f) {
            return new Options(standard, links, f, inlineLimit);
        }
    }

    /** The hop an item is on: from its unit, from a relay to the receiver's standard engine, or handed to the engine. */
    enum Hop { ORIGIN, FORWARD, HANDOVER }

    /** Where a link's items go: an address, whether that is the receiving engine itself, and the relay flag. */
    record Route(String address, boolean direct, boolean relay) {
        String path() {
            return direct ? "direct" : "relayed";
        }
    }

    private final String self;
    private final ChannelCredentials credentials;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final Clock clock;
    private final Duration lifetime;
    private final Options options;
    private final Duration callDeadline = Duration.ofSeconds(120);
    private volatile String advertised;
    private final Map<Key, ExchangeSession> sessions = new ConcurrentHashMap<>();
    private final Map<Key, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Spool> served = new ConcurrentHashMap<>();
    private final Map<String, String> passedOn = new ConcurrentHashMap<>();
    private final AtomicLong relayedItems = new AtomicLong();

    public ExchangeHub(String self, ChannelCredentials credentials, ScheduledExecutorService timer, Clock clock,
            Duration lifetime) {
        this(self, credentials, timer, clock, lifetime, Options.STANDARD);
    }

    /**
     * @param credentials how this engine calls the others' exchange ports: its own TLS identity,
     *                    and the member organisations' TLS CAs as trust
     * @param lifetime    how long a session lives after it opens (receives and redeliveries stop then)
     */
    public ExchangeHub(String self, ChannelCredentials credentials, ScheduledExecutorService timer, Clock clock,
            Duration lifetime, Options options) {
        this.self = self;
        this.credentials = credentials;
        this.timer = timer;
        this.clock = clock;
        this.lifetime = lifetime;
        this.options = options;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "weft-exchange-" + self + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public String self() {
        return self;
    }

    public Options options() {
        return options;
    }

    /** The address other engines reach this one at (its exchange port), named in negotiation and fetches. */
    public void advertise(String address) {
        this.advertised = address;
    }

    synchronized void advertiseIfUnset(String address) {
        if (advertised == null) {
            advertised = address;
        }
    }

    /** Items this standard engine relayed or handed on so far. */
    public long relayed() {
        return relayedItems.get();
    }

    /**
     * The session of an attempt, opened now or, for a resend, the one already open (its
     * endpoints refreshed).
     */
    public ExchangeSession open(Key key, List<String> participants, Map<String, String> endpoints) {
        if (!participants.contains(self)) {
            throw new IllegalArgumentException(self + " is not a participant of " + key);
        }
        ExchangeSession session = sessions.computeIfAbsent(key, k -> {
            ExchangeSession s = new ExchangeSession(this, k, self, participants, endpoints,
                    clock.instant().plus(lifetime));
            timer.schedule(() -> expire(k, s), lifetime.toMillis(), TimeUnit.MILLISECONDS);
            return s;
        });
        session.endpoints(endpoints);
        return session;
    }

    /**
     * At a standard engine: the session of an attempt whose unit runs in {@code delegate}, another
     * engine of this organisation; items for it are handed on there.
     */
    public ExchangeSession open(Key key, List<String> participants, Map<String, String> endpoints,
            ExchangeSession.Delegate delegate) {
        ExchangeSession s = open(key, participants, endpoints);
        s.delegate(delegate);
        return s;
    }

    public Optional<ExchangeSession> find(Key key) {
        return Optional.ofNullable(sessions.get(key));
    }

    /** Ends a session now: its items are no longer served or redelivered. */
    public void close(Key key) {
        ExchangeSession s = sessions.remove(key);
        if (s != null) {
            expire(key, s);
        }
    }

    // ---- receiving ------------------------------------------------------------------------------

    /**
     * An item arriving from {@code callerMsp} (the organisation whose TLS CA issued the caller's
     * certificate).
     *
     * @throws StatusRuntimeException PERMISSION_DENIED when the caller may not send it (not the sender
     *     nor this organisation's own relay), the item is not for this organisation, or the sender is no
     *     participant; INVALID_ARGUMENT for a malformed item or bytes that do not match their digest;
     *     FAILED_PRECONDITION while this engine runs no such attempt (the sender tries again);
     *     ALREADY_EXISTS for another payload under a name; UNAVAILABLE when the bytes of an item sent
     *     by digest cannot be fetched now
     */
    public Ack accept(String callerMsp, Item item) {
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
        Key key = new Key(item.getTaskId(), item.getSubtaskId(), item.getAttempt());
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
        ExchangeSession session = running(key, item.getFromMspId());
        ExchangeSession.Delegate delegate = session.delegate();
        if (delegate != null && options.standard()) {
            return handOver(session, delegate, item);
        }
        try {
            if (session.has(item)) {
                return Ack.newBuilder().setDuplicate(true).build();
            }
            Item taken = item;
            byte[] data = byDigest ? fetchNow(item) : item.getPayload().toByteArray();
            if (options.standard() && !options.formats().isEmpty() && !options.formats().contains(item.getFormat())) {
                Item converted = convert(item, data, options.formats().get(0));
                data = converted.getPayload().toByteArray();
                taken = converted;
            }
            boolean fresh = session.accept(taken.toBuilder().clearPayload().build(), data);
            LOG.debug("{} item {} from {} ({} bytes, {})", fresh ? "took" : "already had", item.getName(), callerMsp,
                    data.length, callerMsp.equals(self) ? "through this organisation's standard engine" : "direct");
            return Ack.newBuilder().setDuplicate(!fresh).build();
        } catch (IllegalStateException e) {
            throw refuse(Status.ALREADY_EXISTS, e.getMessage());
        }
    }

    /** Negotiation of a link into this organisation (see the proto). */
    public LinkAnswer negotiate(String callerMsp, LinkOffer offer) {
        if (!callerMsp.equals(offer.getFromMspId()) || !self.equals(offer.getToMspId())) {
            throw refuse(Status.PERMISSION_DENIED, callerMsp + " may not negotiate the link " + offer.getFromMspId()
                    + " -> " + offer.getToMspId() + " here");
        }
        ExchangeSession session = running(new Key(offer.getTaskId(), offer.getSubtaskId(), offer.getAttempt()),
                callerMsp);
        ExchangeSession.Delegate delegate = session.delegate();
        LinkAnswer.Builder answer = LinkAnswer.newBuilder();
        if (delegate != null) {
            if (delegate.direct()) {
                answer.setDirectAddress(delegate.address()).addAllFormats(delegate.formats());
            }
        } else if (advertised != null || session.endpoint(self) != null) {
            // a standard engine running the unit itself is reached where its organisation published it
            String published = options.standard() ? session.endpoint(self) : null;
            answer.setDirectAddress(published != null ? published : advertised);
            if (!options.standard()) {
                answer.addAllFormats(options.formats());
            }
        }
        return answer.build();
    }

    /** Streams the bytes of an item this engine sent or passed on by digest, to its receiver or its own engines. */
    public void serve(String callerMsp, FetchRequest request, StreamObserver<Chunk> out) {
        Spool spool = served.get(servedId(request.getTaskId(), request.getSubtaskId(), request.getAttempt(),
                request.getFromMspId(), request.getToMspId(), request.getName(), request.getDigest()));
        if (spool == null) {
            out.onError(refuse(Status.NOT_FOUND, "no item " + request.getName() + " with digest "
                    + request.getDigest() + " is served here"));
            return;
        }
        if (!callerMsp.equals(request.getToMspId()) && !callerMsp.equals(self)) {
            out.onError(refuse(Status.PERMISSION_DENIED, callerMsp + " is not the receiver of item "
                    + request.getName()));
            return;
        }
        ServerCallStreamObserver<Chunk> call = (ServerCallStreamObserver<Chunk>) out;
        Object ready = new Object();
        call.setOnReadyHandler(() -> {
            synchronized (ready) {
                ready.notifyAll();
            }
        });
        try {
            int offset = 0;
            while (offset < spool.size()) {
                ByteString chunk = spool.read(offset, CHUNK, callDeadline.toMillis());
                synchronized (ready) {
                    while (!call.isReady() && !call.isCancelled()) {
                        ready.wait(1_000);
                    }
                }
                if (call.isCancelled()) {
                    return;
                }
                call.onNext(Chunk.newBuilder().setData(chunk).build());
                offset += chunk.size();
            }
            call.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.onError(refuse(Status.UNAVAILABLE, "interrupted"));
        } catch (IllegalStateException e) {
            call.onError(refuse(Status.UNAVAILABLE, e.getMessage()));
        }
    }

    private ExchangeSession running(Key key, String sender) {
        ExchangeSession session = sessions.get(key);
        if (session == null) {
            throw refuse(Status.FAILED_PRECONDITION, self + " is not running " + key + " (yet)");
        }
        if (!session.participates(sender)) {
            throw refuse(Status.PERMISSION_DENIED, sender + " is not a participant of " + key);
        }
        return session;
    }

    /** An engine of this organisation asks its standard engine to pass an item on to the receiver's. */
    private Ack relayOut(String callerMsp, Key key, Item item) {
        if (!options.standard()) {
            throw refuse(Status.PERMISSION_DENIED, "this exchange is not a standard engine; it relays nothing");
        }
        if (!callerMsp.equals(self) || !item.getFromMspId().equals(self)) {
            throw refuse(Status.PERMISSION_DENIED, "only " + self + "'s own engines have their items relayed here");
        }
        ExchangeSession session = running(key, item.getToMspId());
        if (!passOnce("out", item)) {
            return Ack.newBuilder().setDuplicate(true).build();
        }
        Spool spool = item.getFetchFrom().isEmpty() ? Spool.of(item.getPayload().toByteArray(), item.getDigest())
                : fetchLater(item);
        relayedItems.incrementAndGet();
        dispatch(session, item.toBuilder().setRelay(false).clearPayload().clearFetchFrom().build(), spool, Hop.FORWARD);
        return Ack.newBuilder().build();
    }

    /** An item for this organisation's engine that runs the attempt: converted if need be, handed on. */
    private Ack handOver(ExchangeSession session, ExchangeSession.Delegate delegate, Item item) {
        if (!passOnce("in", item)) {
            return Ack.newBuilder().setDuplicate(true).build();
        }
        try {
            Item out = item.toBuilder().clearPayload().clearFetchFrom().build();
            Spool spool;
            if (!delegate.formats().isEmpty() && !delegate.formats().contains(item.getFormat())) {
                byte[] data = item.getFetchFrom().isEmpty() ? item.getPayload().toByteArray() : fetchNow(item);
                Item converted = convert(item, data, delegate.formats().iterator().next());
                spool = Spool.of(converted.getPayload().toByteArray(), converted.getDigest());
                out = converted.toBuilder().clearPayload().build();
            } else {
                spool = item.getFetchFrom().isEmpty() ? Spool.of(item.getPayload().toByteArray(), item.getDigest())
                        : fetchLater(item);
            }
            relayedItems.incrementAndGet();
            dispatch(session, out, spool, Hop.HANDOVER);
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

    private Item convert(Item item, byte[] data, String format) {
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

    /** The bytes of an item sent by digest, fetched and checked now. */
    private byte[] fetchNow(Item item) {
        Spool spool = Spool.expecting(item.getSize(), item.getDigest(), ExchangePort.MAX_ITEM_BYTES);
        fill(spool, item);
        String problem = spool.failure();
        if (problem != null) {
            throw refuse(problem.contains("digest") ? Status.INVALID_ARGUMENT : Status.UNAVAILABLE,
                    "item " + item.getName() + " fetched from " + item.getFetchFrom() + ": " + problem);
        }
        return spool.bytes();
    }

    /** A spool filled from the previous hop in the background (a relay passes it on while it fills). */
    private Spool fetchLater(Item item) {
        Spool spool = Spool.expecting(item.getSize(), item.getDigest(), ExchangePort.MAX_ITEM_BYTES);
        workers.execute(() -> fill(spool, item));
        return spool;
    }

    private void fill(Spool spool, Item item) {
        FetchRequest request = FetchRequest.newBuilder().setTaskId(item.getTaskId())
                .setSubtaskId(item.getSubtaskId()).setAttempt(item.getAttempt()).setFromMspId(item.getFromMspId())
                .setToMspId(item.getToMspId()).setName(item.getName()).setDigest(item.getDigest()).build();
        try {
            Iterator<Chunk> chunks = ExchangeGrpc.newBlockingStub(channel(item.getFetchFrom()))
                    .withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS).fetch(request);
            while (chunks.hasNext()) {
                spool.write(chunks.next().getData());
            }
            spool.finish();
        } catch (StatusRuntimeException e) {
            spool.fail("fetch failed: " + e.getStatus().getCode() + " " + e.getStatus().getDescription());
        } catch (IllegalStateException e) {
            spool.fail(e.getMessage());
        }
    }

    // ---- sending --------------------------------------------------------------------------------

    /** Items of {@code key} sent and not yet acknowledged. */
    int undelivered(Key key) {
        AtomicInteger n = inFlight.get(key);
        return n == null ? 0 : n.get();
    }

    /** Starts delivering an item; retried until acknowledged, refused for good, or expired. */
    void dispatch(ExchangeSession session, Item item, Spool spool, Hop hop) {
        inFlight.computeIfAbsent(session.key(), k -> new AtomicInteger()).incrementAndGet();
        workers.execute(() -> attempt(session, item, spool, hop, 0));
    }

    private void attempt(ExchangeSession session, Item item, Spool spool, Hop hop, int tries) {
        if (!clock.instant().isBefore(session.expiresAt()) || sessions.get(session.key()) != session) {
            done(session, item, "expired before " + item.getToMspId() + " took it");
            return;
        }
        Route route;
        try {
            route = route(session, item, hop);
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
        if (spool.size() > options.inlineLimit()) {
            if (advertised == null) {
                done(session, item, "no advertised address to serve a large item from");
                session.fail("this exchange has no advertised address to serve item " + item.getName() + " from");
                return;
            }
            served.put(servedId(item), spool);
            wire.clearPayload().setFetchFrom(advertised).setSize(spool.size());
        } else {
            try {
                String problem = awaitComplete(spool);
                if (problem != null) {
                    throw new IllegalStateException(problem);
                }
            } catch (IllegalStateException | InterruptedException e) {
                session.fail("item " + item.getName() + " could not be passed on: " + e.getMessage());
                done(session, item, e.getMessage());
                return;
            }
            wire.setPayload(UnsafeByteOperations.unsafeWrap(spool.bytes())).clearFetchFrom();
        }
        try {
            ExchangeGrpc.newBlockingStub(channel(route.address()))
                    .withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS).deliver(wire.build());
            done(session, item, null);
        } catch (StatusRuntimeException e) {
            failed(session, item, spool, hop, tries, e.getStatus(), route);
        }
    }

    private static String awaitComplete(Spool spool) throws InterruptedException {
        return spool.await(120_000);
    }

    private void failed(ExchangeSession session, Item item, Spool spool, Hop hop, int tries, Status status,
            Route route) {
        if (route != null && route.direct() && hop == Hop.ORIGIN && status.getCode() == Status.Code.UNAVAILABLE
                && options.links().mode(item.getToMspId()) == ExchangeLinks.Mode.AUTO) {
            Route relayed = relayedRoute(session, item.getToMspId());
            if (relayed != null) {
                session.route(item.getToMspId(), relayed, "the direct address " + route.address()
                        + " did not answer: " + status.getDescription());
                LOG.info("{}: link {} -> {} relayed: direct address {} unreachable", session.key(), self,
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

    /** Where an item goes next; null while the address is not known. */
    private Route route(ExchangeSession session, Item item, Hop hop) {
        String to = item.getToMspId();
        switch (hop) {
            case FORWARD:
                return address(session.endpoint(to), false, false);
            case HANDOVER:
                return new Route(session.delegate().address(), true, false);
            default:
                break;
        }
        Route known = session.route(to);
        if (known != null) {
            return known;
        }
        ExchangeLinks.Mode mode = options.links().mode(to);
        if (mode == ExchangeLinks.Mode.RELAYED) {
            Route r = relayedRoute(session, to);
            if (r != null) {
                session.route(to, r, "configured");
                LOG.info("{}: link {} -> {} relayed (configured)", session.key(), self, to);
            }
            return r;
        }
        String published = session.endpoint(to);
        if (published == null) {
            return null;
        }
        LinkAnswer answer = ExchangeGrpc.newBlockingStub(channel(published)).withDeadlineAfter(20, TimeUnit.SECONDS)
                .negotiate(LinkOffer.newBuilder().setTaskId(item.getTaskId()).setSubtaskId(item.getSubtaskId())
                        .setAttempt(item.getAttempt()).setFromMspId(self).setToMspId(to).build());
        String why;
        if (answer.getDirectAddress().isEmpty()) {
            why = to + " takes items only through its standard engine";
        } else if (!answer.getFormatsList().isEmpty() && !answer.getFormatsList().contains(item.getFormat())) {
            why = to + "'s engine reads " + answer.getFormatsList() + ", not " + item.getFormat();
        } else {
            Route direct = new Route(answer.getDirectAddress(), true, false);
            session.route(to, direct, "negotiated with " + published + ", " + mode.name().toLowerCase(
                    java.util.Locale.ROOT));
            LOG.info("{}: link {} -> {} direct to {} (negotiated)", session.key(), self, to, direct.address());
            return direct;
        }
        if (mode == ExchangeLinks.Mode.DIRECT) {
            throw refuse(Status.PERMISSION_DENIED,
                    "the link to " + to + " is configured direct, but " + why);
        }
        Route r = relayedRoute(session, to);
        if (r != null) {
            session.route(to, r, why);
            LOG.info("{}: link {} -> {} relayed: {}", session.key(), self, to, why);
        }
        return r;
    }

    /** Relayed: a standard engine sends to the receiver's standard engine, another engine to its own. */
    private Route relayedRoute(ExchangeSession session, String to) {
        return options.standard() ? address(session.endpoint(to), false, false)
                : address(session.endpoint(self), false, true);
    }

    private static Route address(String address, boolean direct, boolean relay) {
        return address == null ? null : new Route(address, direct, relay);
    }

    private void retry(ExchangeSession session, Item item, Spool spool, Hop hop, int tries) {
        long delay = Math.min(5_000L, 200L << Math.min(tries, 5));
        timer.schedule(() -> workers.execute(() -> attempt(session, item, spool, hop, tries + 1)), delay,
                TimeUnit.MILLISECONDS);
    }

    private void done(ExchangeSession session, Item item, String problem) {
        inFlight.computeIfAbsent(session.key(), k -> new AtomicInteger()).decrementAndGet();
        if (problem != null) {
            LOG.debug("{}: delivery of {} to {} ended: {}", session.key(), item.getName(), item.getToMspId(), problem);
        }
    }

    private void expire(Key key, ExchangeSession session) {
        sessions.remove(key, session);
        inFlight.remove(key);
        String prefix = key.taskId() + "|" + key.subtaskId() + "|" + key.attempt() + "|";
        served.keySet().removeIf(id -> id.startsWith(prefix));
        passedOn.keySet().removeIf(id -> id.substring(id.indexOf('|') + 1).startsWith(prefix));
    }

    private static String servedId(Item item) {
        return servedId(item.getTaskId(), item.getSubtaskId(), item.getAttempt(), item.getFromMspId(),
                item.getToMspId(), item.getName(), item.getDigest());
    }

    private static String servedId(String task, String subtask, int attempt, String from, String to, String name,
            String digest) {
        return task + "|" + subtask + "|" + attempt + "|" + from + "|" + to + "|" + name + "|" + digest;
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> Grpc.newChannelBuilder(a, credentials)
                .maxInboundMessageSize(ExchangePort.MAX_ITEM_BYTES).build());
    }

    private static StatusRuntimeException refuse(Status status, String why) {
        return status.withDescription(why).asRuntimeException();
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
        sessions.clear();
        served.clear();
        workers.shutdownNow();
    }
}
