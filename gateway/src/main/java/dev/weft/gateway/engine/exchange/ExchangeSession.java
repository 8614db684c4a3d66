package dev.weft.gateway.engine.exchange;

import dev.weft.engine.api.Exchange;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.gateway.engine.Digests;
import dev.weft.proto.engine.v1.ManifestEntry;
import dev.weft.proto.exchange.v1.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One attempt of a collaborative subtask at one organisation: what its unit has sent
 * and received, the items still on their way, the path each link took, and the
 * manifest the result is submitted with. A resend of the attempt (S0.8) reopens the
 * same session, so items already received are not asked for again and a unit that
 * sends the same bytes again sends nothing twice.
 *
 * <p>At a standard engine whose unit for the attempt runs in another engine of the
 * organisation (a heterogeneous engine's sidecar), the session has a {@link Delegate}:
 * items for the attempt are handed on to that engine (converted to a format it reads),
 * and its own items reach other organisations through this engine (relayed).
 */
public final class ExchangeSession implements Exchange {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Formats a standard engine converts between (docs/exchange.md). */
    public static final Set<String> FORMATS = Set.of("bytes", "json-rows", "csv", "arrow");
    private static final Comparator<ManifestEntry> ORDER = Comparator.comparing(ManifestEntry::getDirection)
            .thenComparing(ManifestEntry::getPeer).thenComparing(ManifestEntry::getName);

    /**
     * The engine of this organisation that runs the attempt's unit, as its standard engine
     * knows it: its exchange address, the formats it reads in the order given (empty: any; an item
     * in another table format is converted into the first), and whether other organisations may
     * send to it directly.
     */
    public record Delegate(String address, Set<String> formats, boolean direct) {
        public Delegate {
            // kept in order (Set.copyOf would not): the first is what a standard engine converts into
            formats = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(formats));
        }
    }

    /** An item as the unit gets it. */
    record Arrived(String from, String name, String format, String digest, String sentDigest, byte[] data) {
    }

    private final ExchangeHub hub;
    private final ExchangeHub.Key key;
    private final String self;
    private final List<String> participants;
    private volatile Map<String, String> endpoints;
    private volatile Delegate delegate;
    private final Instant expiresAt;
    private final Map<String, CompletableFuture<Arrived>> inbox = new ConcurrentHashMap<>();
    private final Map<String, String> sent = new ConcurrentHashMap<>();
    private final Map<String, ExchangeHub.Route> routes = new ConcurrentHashMap<>();
    private final Map<String, String> paths = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<ManifestEntry> manifest = new ConcurrentSkipListSet<>(ORDER);
    private volatile String failure;

    ExchangeSession(ExchangeHub hub, ExchangeHub.Key key, String self, List<String> participants,
            Map<String, String> endpoints, Instant expiresAt) {
        this.hub = hub;
        this.key = key;
        this.self = self;
        this.participants = participants.stream().sorted().distinct().toList();
        this.endpoints = Map.copyOf(endpoints);
        this.expiresAt = expiresAt;
    }

    public ExchangeHub.Key key() {
        return key;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    void endpoints(Map<String, String> fresh) {
        this.endpoints = Map.copyOf(fresh);
    }

    String endpoint(String msp) {
        return endpoints.get(msp);
    }

    void delegate(Delegate d) {
        this.delegate = d;
    }

    Delegate delegate() {
        return delegate;
    }

    ExchangeHub.Route route(String peer) {
        return routes.get(peer);
    }

    void route(String peer, ExchangeHub.Route route, String why) {
        routes.put(peer, route);
        paths.put(peer, route.path() + " (" + why + ")");
    }

    /**
     * The path each link this session sent on took ({@code direct} or {@code relayed}, with why),
     * by receiving organisation.
     */
    public Map<String, String> paths() {
        return new TreeMap<>(paths);
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public List<String> participants() {
        return participants;
    }

    @Override
    public void send(String to, String name, byte[] payload) throws UnitException {
        send(to, name, "bytes", payload);
    }

    /**
     * Sends {@code payload} encoded as {@code format} ({@code bytes}, {@code json-rows},
     * {@code csv} or {@code arrow}); a standard engine on the way converts it when the
     * receiving engine reads another format.
     */
    public void send(String to, String name, String format, byte[] payload) throws UnitException {
        if (to.equals(self) || !participants.contains(to)) {
            throw new UnitException("%s is not another participant of %s; participants are %s", to, key, participants);
        }
        if (!NAME.matcher(name).matches()) {
            throw new UnitException("exchange item name '%s' is not [A-Za-z0-9_.-]{1,64}", name);
        }
        if (!FORMATS.contains(format)) {
            throw new UnitException("exchange format '%s' is none of %s", format, FORMATS);
        }
        String digest = Digests.sha256Hex(payload);
        String before = sent.putIfAbsent(to + "/" + name, digest);
        if (before != null) {
            if (before.equals(digest)) {
                return;
            }
            throw new UnitException("item %s to %s was already sent with other bytes in %s", name, to, key);
        }
        manifest.add(entry("SENT", to, name, digest, payload.length));
        hub.dispatch(this, Item.newBuilder().setTaskId(key.taskId()).setSubtaskId(key.subtaskId())
                .setAttempt(key.attempt()).setFromMspId(self).setToMspId(to).setName(name).setDigest(digest)
                .setSize(payload.length).setFormat(format).build(), Spool.of(payload, digest), ExchangeHub.Hop.ORIGIN);
    }

    @Override
    public byte[] receive(String from, String name, Duration timeout) throws UnitException, UnitFault,
            InterruptedException {
        return arrived(from, name, timeout).data();
    }

    /** As {@link #receive}, with the format the bytes are in. */
    Arrived arrived(String from, String name, Duration timeout) throws UnitException, UnitFault,
            InterruptedException {
        if (from.equals(self) || !participants.contains(from)) {
            throw new UnitException("%s is not another participant of %s; participants are %s", from, key,
                    participants);
        }
        CompletableFuture<Arrived> waiting = slot(from, name);
        try {
            return waiting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UnitFault("EXCHANGE_TIMEOUT", String.format(java.util.Locale.ROOT,
                    "item %s from %s did not arrive within %d s in %s", name, from, timeout.toSeconds(), key));
        } catch (ExecutionException e) {
            throw new UnitFault("EXCHANGE_FAILED", e.getCause().getMessage());
        }
    }

    /** The format of an item that has arrived, if it has. */
    public String formatOf(String from, String name) {
        CompletableFuture<Arrived> slot = inbox.get(from + "/" + name);
        return slot != null && slot.isDone() && !slot.isCompletedExceptionally() ? slot.join().format() : null;
    }

    /** What this organisation sent and received so far, in canonical order (direction, peer, name). */
    public List<ManifestEntry> manifest() {
        return List.copyOf(manifest);
    }

    /**
     * At a standard engine whose attempt ran in its {@link Delegate}: what the delegate's own session
     * sent and received, as the delegate reported it with its result, becomes this session's manifest.
     */
    public void adopt(List<ManifestEntry> delegated) {
        manifest.addAll(delegated);
    }

    /** The exchange addresses the organisations published, as the attempt's request gave them. */
    public Map<String, String> endpoints() {
        return endpoints;
    }

    /** Items sent that the receiver has not acknowledged yet. */
    public int undelivered() {
        return hub.undelivered(key);
    }

    /** Whether the item (sender, name, digest as sent) is already here; throws when other bytes came under it. */
    synchronized boolean has(Item item) {
        CompletableFuture<Arrived> slot = inbox.get(item.getFromMspId() + "/" + item.getName());
        if (slot == null || !slot.isDone()) {
            return false;
        }
        if (slot.isCompletedExceptionally()) {
            throw new IllegalStateException("the exchange of " + key + " has failed: " + failure);
        }
        Arrived earlier = slot.join();
        if (earlier.sentDigest().equals(sentDigest(item))) {
            return true;
        }
        throw new IllegalStateException("item " + item.getName() + " from " + item.getFromMspId()
                + " already arrived with digest " + earlier.sentDigest() + " in " + key);
    }

    /**
     * Takes an item addressed to this attempt, its bytes checked. Returns false when the same
     * item was already here (a resend), and throws when another payload already came under its name.
     */
    boolean accept(Item item, byte[] data) {
        return accept(item, data, () -> { });
    }

    /**
     * As {@link #accept(Item, byte[])}, running {@code keep} (the hub's shelf) first when the item is new,
     * under this session's lock: so it runs once an item, for the bytes that are then taken, and before
     * the unit can see them.
     */
    synchronized boolean accept(Item item, byte[] data, Runnable keep) {
        if (has(item)) {
            return false;
        }
        keep.run();
        // listed before the waiting unit wakes, so the manifest its result is submitted with has it
        manifest.add(entry("RECEIVED", item.getFromMspId(), item.getName(), sentDigest(item),
                item.getSentDigest().isEmpty() ? data.length : item.getSentSize()));
        slot(item.getFromMspId(), item.getName()).complete(new Arrived(item.getFromMspId(), item.getName(),
                item.getFormat(), item.getDigest(), sentDigest(item), data));
        return true;
    }

    static String sentDigest(Item item) {
        return item.getSentDigest().isEmpty() ? item.getDigest() : item.getSentDigest();
    }

    /** Delivery of an item this session sent was refused for good: every receive fails at once. */
    synchronized void fail(String reason) {
        failure = reason;
        inbox.values().forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
    }

    boolean participates(String msp) {
        return participants.contains(msp);
    }

    private CompletableFuture<Arrived> slot(String from, String name) {
        CompletableFuture<Arrived> slot = inbox.computeIfAbsent(from + "/" + name, k -> new CompletableFuture<>());
        String failed = failure;
        if (failed != null) {
            slot.completeExceptionally(new IllegalStateException(failed));
        }
        return slot;
    }

    private static ManifestEntry entry(String direction, String peer, String name, String digest, long size) {
        return ManifestEntry.newBuilder().setDirection(direction).setPeer(peer).setName(name).setDigest(digest)
                .setSize(size).build();
    }
}
