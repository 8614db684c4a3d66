package dev.weft.gateway.engine.callback;

import dev.weft.engine.api.Callbacks;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The expected callbacks by path, and the recently ended ones (so a late or
 * duplicate callback is told apart from a forged one). A token is 32 random
 * bytes; it is compared in constant time and kept only as its SHA-256.
 */
final class Waiting {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_ENDED = 100_000;

    private final Clock clock;
    private final Map<String, Slot> open = new ConcurrentHashMap<>();
    /** Ended slots, oldest first: path to (token digest, why it ended). */
    private final Map<String, Ended> ended = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ended> eldest) {
            return size() > MAX_ENDED;
        }
    };

    private record Ended(byte[] tokenDigest, CallbackServer.Verdict verdict) {
    }

    Waiting(Clock clock) {
        this.clock = clock;
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Callbacks.Expected register(String path, URI url, Instant expiry, Callbacks.Receiver receiver) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Slot slot = new Slot(path, url, token, digest(token), expiry, receiver);
        Slot previous = open.put(path, slot);
        if (previous != null) {
            previous.end(CallbackServer.Verdict.LATE); // a new run of the same attempt replaces its wait
        }
        synchronized (ended) {
            ended.remove(path);
        }
        return slot;
    }

    int size() {
        return open.size();
    }

    CallbackServer.Verdict deliver(String rawPath, String token, byte[] body) {
        String path = rawPath;
        byte[] presented = digest(token);
        Slot slot = open.get(path);
        if (slot == null) {
            Ended gone;
            synchronized (ended) {
                gone = ended.get(path);
            }
            if (gone == null) {
                return CallbackServer.Verdict.FORGED;
            }
            return MessageDigest.isEqual(gone.tokenDigest(), presented) ? gone.verdict() : CallbackServer.Verdict.FORGED;
        }
        if (!MessageDigest.isEqual(slot.tokenDigest, presented)) {
            return CallbackServer.Verdict.FORGED;
        }
        if (clock.instant().isAfter(slot.expiry)) {
            slot.end(CallbackServer.Verdict.LATE);
            return CallbackServer.Verdict.LATE;
        }
        synchronized (slot) {
            if (slot.ended) {
                return slot.endedAs;
            }
            boolean taken;
            slot.delivered = true; // the receiver may close the slot while it takes the body
            try {
                taken = slot.receiver.receive(body);
            } catch (RuntimeException e) {
                taken = false;
            }
            if (!taken) {
                slot.delivered = false;
                return slot.ended ? slot.endedAs : CallbackServer.Verdict.UNREADABLE;
            }
            slot.end(CallbackServer.Verdict.DUPLICATE);
            return CallbackServer.Verdict.TAKEN;
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Slot implements Callbacks.Expected {
        final String path;
        final URI url;
        final String token;
        final byte[] tokenDigest;
        final Instant expiry;
        final Callbacks.Receiver receiver;
        volatile boolean delivered;
        boolean ended;
        CallbackServer.Verdict endedAs;

        Slot(String path, URI url, String token, byte[] tokenDigest, Instant expiry, Callbacks.Receiver receiver) {
            this.path = path;
            this.url = url;
            this.token = token;
            this.tokenDigest = tokenDigest;
            this.expiry = expiry;
            this.receiver = receiver;
        }

        /** Ends the wait; a later callback with this token gets {@code as}. */
        synchronized void end(CallbackServer.Verdict as) {
            if (ended) {
                return;
            }
            ended = true;
            endedAs = as;
            open.remove(path, this);
            synchronized (Waiting.this.ended) {
                Waiting.this.ended.put(path, new Ended(tokenDigest, as));
            }
        }

        @Override
        public URI url() {
            return url;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public boolean delivered() {
            return delivered;
        }

        @Override
        public void close() {
            end(delivered ? CallbackServer.Verdict.DUPLICATE : CallbackServer.Verdict.LATE);
        }

        @Override
        public String toString() {
            return "callback " + path; // never the token
        }
    }
}
