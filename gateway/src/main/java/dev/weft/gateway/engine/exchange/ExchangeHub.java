package dev.weft.gateway.engine.exchange;

import dev.weft.gateway.transport.GrpcChannels;
import dev.weft.proto.exchange.v1.Ack;
import dev.weft.proto.exchange.v1.Chunk;
import dev.weft.proto.exchange.v1.ItemAddress;
import dev.weft.proto.exchange.v1.Item;
import dev.weft.proto.exchange.v1.LinkAnswer;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exchange of one organisation's engine (S1.10): the sessions of the collaborative
 * executions it runs, the items arriving for them ({@link Inbox}), and the delivery of
 * the items they send ({@link Delivery}) — store and forward: an item is kept and offered
 * again, with backoff, until the receiver acknowledges it, so a receiver that is away for
 * a while (not running the attempt yet, restarting, unreachable) gets everything when it
 * is back. Refusals that cannot change (not a participant, digest mismatch, another
 * payload under the same name) end the session's receives at once instead.
 *
 * <p>Each link is {@link ExchangeLinks direct or relayed} ({@link LinkChoice}): direct goes
 * straight to the address the receiver's standard engine names for the engine running the
 * attempt (negotiated per link), relayed goes through the standard engines of both
 * organisations; a standard engine ({@link Options#standard}) relays its own
 * organisation's engines' items, converts formats for the engine it hands an item to,
 * and hands items on to the organisation's engine that runs the attempt
 * ({@link ExchangeSession.Delegate}). Items larger than {@link Options#inlineLimit}
 * travel by digest ({@link LargeItems}): the receiver fetches the bytes from the previous hop
 * ({@link StreamPort}, or {@code Fetch}), and a relay passes them on while they still arrive.
 */
public final class ExchangeHub implements AutoCloseable {
    public static final int CHUNK = 1024 * 1024;

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
    private volatile String advertised;
    private final Map<Key, ExchangeSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final LargeItems large;
    private final Delivery delivery;
    private final LinkChoice links;
    private final Inbox inbox;
    private volatile ReceivedShelf receivedShelf;
    /** Items a previous run of this engine took, by attempt, until a session of that attempt opens. */
    private final Map<Key, List<ReceivedShelf.Restored>> restored = new ConcurrentHashMap<>();

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
        this.large = new LargeItems(this);
        this.links = new LinkChoice(this);
        this.delivery = new Delivery(this, links, large);
        this.inbox = new Inbox(this, delivery, large);
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

    String advertised() {
        return advertised;
    }

    /** Items this standard engine relayed or handed on so far. */
    public long relayed() {
        return inbox.relayed();
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
            List<ReceivedShelf.Restored> back = restored.remove(k);
            if (back != null) {
                back.forEach(r -> s.accept(r.item(), r.data()));
            }
            // held weakly: a session closed before its lifetime ends is not kept (with its items) by the timer
            WeakReference<ExchangeSession> ref = new WeakReference<>(s);
            timer.schedule(() -> {
                ExchangeSession open = ref.get();
                if (open != null) {
                    expire(k, open);
                }
            }, lifetime.toMillis(), TimeUnit.MILLISECONDS);
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

    /**
     * Keeps every item this hub's sessions take in {@code shelf} before the sender is acknowledged, and
     * gives the items a previous run kept there to the sessions of their attempts as they open (until the
     * lifetime of the session they arrived in ends). Returns how many items were restored.
     */
    int keepReceived(ReceivedShelf shelf) {
        Map<Key, List<ReceivedShelf.Restored>> back = shelf.restore();
        back.forEach((key, items) -> {
            restored.put(key, items);
            java.time.Instant until = items.stream().map(ReceivedShelf.Restored::until)
                    .max(java.util.Comparator.naturalOrder()).orElseThrow();
            timer.schedule(() -> {
                if (restored.remove(key, items)) {
                    shelf.drop(key);
                }
            }, Math.max(0, Duration.between(clock.instant(), until).toMillis()), TimeUnit.MILLISECONDS);
        });
        this.receivedShelf = shelf;
        return back.values().stream().mapToInt(List::size).sum();
    }

    /** An item {@code session} takes: kept on the shelf, when the hub has one (under the session's lock). */
    void taken(ExchangeSession session, Item item, byte[] data) {
        ReceivedShelf shelf = receivedShelf;
        if (shelf != null) {
            shelf.keep(session.key(), item, data, session.expiresAt());
        }
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

    /** An item arriving from {@code callerMsp}: see {@link Inbox#accept}. */
    public Ack accept(String callerMsp, Item item) {
        return inbox.accept(callerMsp, item);
    }

    /** Negotiation of a link into this organisation (see the proto and {@link LinkChoice#answer}). */
    public LinkAnswer negotiate(String callerMsp, ItemAddress offer) {
        return links.answer(callerMsp, offer);
    }

    /** Streams the bytes of an item this engine sent or passed on by digest, to its receiver or its own engines. */
    public void serve(String callerMsp, ItemAddress request, StreamObserver<Chunk> out) {
        large.serve(callerMsp, request, out);
    }

    /** Large items this hub fetched so far, over item streams and over {@code Fetch}. */
    public Fetches fetches() {
        return large.fetches();
    }

    /** Items of {@code key} sent and not yet acknowledged. */
    int undelivered(Key key) {
        return delivery.undelivered(key);
    }

    /** Starts delivering an item; retried until acknowledged, refused for good, or expired. */
    void dispatch(ExchangeSession session, Item item, Spool spool, Hop hop) {
        delivery.dispatch(session, item, spool, hop);
    }

    /** The open session of {@code key} with {@code sender} among its participants. */
    ExchangeSession running(Key key, String sender) {
        ExchangeSession session = sessions.get(key);
        if (session == null) {
            throw refuse(Status.FAILED_PRECONDITION, self + " is not running " + key + " (yet)");
        }
        if (!session.participates(sender)) {
            throw refuse(Status.PERMISSION_DENIED, sender + " is not a participant of " + key);
        }
        return session;
    }

    /** Whether {@code session} is still the open, unexpired session of its attempt. */
    boolean live(ExchangeSession session) {
        return clock.instant().isBefore(session.expiresAt()) && sessions.get(session.key()) == session;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    Duration lifetime() {
        return lifetime;
    }

    LargeItems large() {
        return large;
    }

    ExecutorService workers() {
        return workers;
    }

    ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> GrpcChannels.with(a, credentials)
                .flowControlWindow(ExchangePort.FLOW_WINDOW).maxInboundMessageSize(ExchangePort.MAX_ITEM_BYTES)
                .build());
    }

    static StatusRuntimeException refuse(Status status, String why) {
        return status.withDescription(why).asRuntimeException();
    }

    private void expire(Key key, ExchangeSession session) {
        sessions.remove(key, session);
        delivery.forget(key);
        ReceivedShelf shelf = receivedShelf;
        if (shelf != null) {
            shelf.drop(key);
        }
        String prefix = key.taskId() + "|" + key.subtaskId() + "|" + key.attempt() + "|";
        large.forget(prefix);
        inbox.forget(prefix);
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
        sessions.clear();
        large.clear();
        workers.shutdownNow();
    }
}
