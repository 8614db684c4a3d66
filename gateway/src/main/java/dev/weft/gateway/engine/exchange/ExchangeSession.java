package dev.weft.gateway.engine.exchange;

import com.google.protobuf.ByteString;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One attempt of a collaborative subtask at one organisation: what its unit has sent
 * and received, the items still on their way, and the manifest the result is
 * submitted with. A resend of the attempt (S0.8) reopens the same session, so items
 * already received are not asked for again and a unit that sends the same bytes
 * again sends nothing twice.
 */
public final class ExchangeSession implements Exchange {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Comparator<ManifestEntry> ORDER = Comparator.comparing(ManifestEntry::getDirection)
            .thenComparing(ManifestEntry::getPeer).thenComparing(ManifestEntry::getName);

    private final ExchangeHub hub;
    private final ExchangeHub.Key key;
    private final String self;
    private final List<String> participants;
    private volatile Map<String, String> endpoints;
    private final Instant expiresAt;
    private final Map<String, CompletableFuture<Item>> inbox = new ConcurrentHashMap<>();
    private final Map<String, String> sent = new ConcurrentHashMap<>();
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

    ExchangeHub.Key key() {
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
        if (to.equals(self) || !participants.contains(to)) {
            throw new UnitException("%s is not another participant of %s; participants are %s", to, key, participants);
        }
        if (!NAME.matcher(name).matches()) {
            throw new UnitException("exchange item name '%s' is not [A-Za-z0-9_.-]{1,64}", name);
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
                .setPayload(ByteString.copyFrom(payload)).setFormat("bytes").build());
    }

    @Override
    public byte[] receive(String from, String name, Duration timeout) throws UnitException, UnitFault,
            InterruptedException {
        if (from.equals(self) || !participants.contains(from)) {
            throw new UnitException("%s is not another participant of %s; participants are %s", from, key,
                    participants);
        }
        CompletableFuture<Item> waiting = slot(from, name);
        try {
            return waiting.get(timeout.toMillis(), TimeUnit.MILLISECONDS).getPayload().toByteArray();
        } catch (TimeoutException e) {
            throw new UnitFault("EXCHANGE_TIMEOUT", String.format(java.util.Locale.ROOT,
                    "item %s from %s did not arrive within %d s in %s", name, from, timeout.toSeconds(), key));
        } catch (ExecutionException e) {
            throw new UnitFault("EXCHANGE_FAILED", e.getCause().getMessage());
        }
    }

    /** What this organisation sent and received so far, in canonical order (direction, peer, name). */
    public List<ManifestEntry> manifest() {
        return List.copyOf(manifest);
    }

    /** Items sent that the receiver has not acknowledged yet. */
    public int undelivered() {
        return hub.undelivered(key);
    }

    /**
     * Takes an item addressed to this attempt from {@code item.from}. Returns false when the
     * same item was already here (a resend), and throws when another payload already came under
     * its name.
     */
    synchronized boolean accept(Item item) {
        CompletableFuture<Item> slot = slot(item.getFromMspId(), item.getName());
        if (!slot.isDone()) {
            // listed before the waiting unit wakes, so the manifest its result is submitted with has it
            manifest.add(entry("RECEIVED", item.getFromMspId(), item.getName(), item.getDigest(),
                    item.getPayload().size()));
            slot.complete(item);
            return true;
        }
        if (slot.isCompletedExceptionally()) {
            throw new IllegalStateException("the exchange of " + key + " has failed: " + failure);
        }
        Item earlier = slot.join();
        if (earlier.getDigest().equals(item.getDigest())) {
            return false;
        }
        throw new IllegalStateException("item " + item.getName() + " from " + item.getFromMspId()
                + " already arrived with digest " + earlier.getDigest() + " in " + key);
    }

    /** Delivery of an item this session sent was refused for good: every receive fails at once. */
    synchronized void fail(String reason) {
        failure = reason;
        inbox.values().forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
    }

    boolean participates(String msp) {
        return participants.contains(msp);
    }

    private CompletableFuture<Item> slot(String from, String name) {
        CompletableFuture<Item> slot = inbox.computeIfAbsent(from + "/" + name, k -> new CompletableFuture<>());
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
