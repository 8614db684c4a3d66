package dev.weft.gateway.engine.exchange;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of one item as one organisation's exchange holds them: filled once, by the
 * unit that sent them or by a fetch from the previous hop, and read (served to the next
 * hop, handed to the unit) while it fills, so a relay forwards a large item while it is
 * still arriving and nobody holds it more than once. The digest is computed as the bytes
 * arrive and checked when the last one is in; a spool whose bytes do not match fails,
 * and so does every read of it. A relay's spool ({@link #passing}) checks only the count:
 * the digest is checked by the engine that receives the item, before its unit sees a byte.
 */
final class Spool {
    private final byte[] data;
    private final String digest;
    private int filled;
    private boolean done;
    private String failure;
    private final MessageDigest hash;
    /** A thread of its own hashes the bytes behind the filler ({@link #hashBehind}); up to here so far. */
    private boolean hashingBehind;
    private int hashed;

    private Spool(byte[] data, String digest, boolean complete, boolean hashed) {
        this.data = data;
        this.digest = digest;
        this.filled = complete ? data.length : 0;
        this.done = complete;
        this.hash = hashed ? sha256() : null;
    }

    /** What a unit sent: complete, its digest computed by the caller. */
    static Spool of(byte[] data, String digest) {
        return new Spool(data, digest, true, false);
    }

    /** To be filled with {@code size} bytes that must hash to {@code digest}. */
    static Spool expecting(long size, String digest, int max) {
        return new Spool(sized(size, max), digest, false, true);
    }

    /**
     * To be filled with {@code size} bytes that a relay passes on as they arrive: the count is
     * checked, the digest is not (each relay hashing the item again cost a SHA-256 of the
     * whole item per hop; the receiving engine's spool is an {@link #expecting} one).
     */
    static Spool passing(long size, String digest, int max) {
        return new Spool(sized(size, max), digest, false, false);
    }

    private static byte[] sized(long size, int max) {
        if (size < 0 || size > max) {
            throw new IllegalArgumentException("an item of " + size + " bytes is over the limit of " + max);
        }
        return new byte[(int) size];
    }

    String digest() {
        return digest;
    }

    int size() {
        return data.length;
    }

    /** Appends {@code n} bytes read from {@code in} (a fetched chunk, already in memory); wakes readers. */
    synchronized void write(InputStream in, int n) throws IOException {
        if (done || failure != null) {
            throw new IllegalStateException("spool is closed");
        }
        if (filled + n > data.length) {
            fail("more bytes than the announced " + data.length);
            throw new IllegalStateException(failure);
        }
        if (in.readNBytes(data, filled, n) != n) {
            throw new IOException("the chunk ended before its " + n + " bytes");
        }
        if (hash != null) {
            hash.update(data, filled, n);
        }
        filled += n;
        notifyAll();
    }

    /**
     * Reads {@code n} bytes from {@code in} (a socket) into the spool, outside its lock: readers
     * of the bytes already in are not held up by the read. Only the one filler of a spool calls it.
     */
    void receive(InputStream in, int n) throws IOException {
        int at;
        synchronized (this) {
            if (done || failure != null) {
                throw new IllegalStateException(failure != null ? failure : "spool is closed");
            }
            if (filled + n > data.length) {
                fail("more bytes than the announced " + data.length);
                throw new IllegalStateException(failure);
            }
            at = filled;
        }
        // nobody reads at or beyond 'filled', so the bytes land without the lock
        if (in.readNBytes(data, at, n) != n) {
            throw new IOException("the stream ended inside a frame");
        }
        synchronized (this) {
            if (hash != null && !hashingBehind) {
                hash.update(data, at, n);
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            filled = at + n;
            notifyAll();
        }
    }

    /**
     * Hashes the bytes on a thread of {@code runner} as they land, beside the one that reads them
     * from a socket ({@link #receive}); {@link #finish} waits for it. For a spool that checks its digest.
     */
    void hashBehind(Executor runner) {
        synchronized (this) {
            if (hash == null || filled > 0) {
                return;
            }
            hashingBehind = true;
        }
        runner.execute(this::follow);
    }

    private void follow() {
        try {
            while (true) {
                int from;
                int upTo;
                synchronized (this) {
                    while (failure == null && !done && filled == hashed && hashingBehind) {
                        wait(1_000);
                    }
                    if (failure != null || done || !hashingBehind) {
                        return;
                    }
                    from = hashed;
                    upTo = filled;
                }
                // bytes below 'filled' never change again; only this thread updates the hash now
                hash.update(data, from, upTo - from);
                synchronized (this) {
                    hashed = upTo;
                    notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("the digest check was interrupted");
        }
    }

    /** All bytes are in: checks count and digest; returns the failure, or null. */
    synchronized String finish() {
        if (failure != null || done) {
            return failure;
        }
        while (hashingBehind && failure == null && hashed < filled) {
            try {
                wait(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while the digest was checked");
            }
        }
        hashingBehind = false;
        if (failure != null) {
            return failure;
        }
        if (filled != data.length) {
            fail("only " + filled + " of " + data.length + " bytes arrived");
        } else if (hash != null && !HexFormat.of().formatHex(hash.digest()).equals(digest)) {
            fail("the bytes do not match the digest " + digest);
        } else {
            done = true;
        }
        notifyAll();
        return failure;
    }

    synchronized void fail(String reason) {
        if (!done && failure == null) {
            failure = reason;
            notifyAll();
        }
    }

    /** Waits until the spool is complete or failed; returns the failure, or null. */
    synchronized String await(long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (!done && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return "the bytes did not arrive within " + waitMillis + " ms";
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return failure;
    }

    synchronized boolean complete() {
        return done;
    }

    synchronized String failure() {
        return failure;
    }

    /** The whole content once complete (not a copy). */
    synchronized byte[] bytes() {
        if (!done) {
            throw new IllegalStateException(failure != null ? failure : "the spool is still filling");
        }
        return data;
    }

    /**
     * Up to {@code max} bytes from {@code offset}, waiting up to {@code waitMillis} for them; an
     * empty chunk at the end. Throws when the spool failed or nothing arrived in time.
     */
    ByteString read(int offset, int max, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        int available;
        synchronized (this) {
            while (failure == null && filled <= offset && !(done && offset >= data.length)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no bytes arrived for " + waitMillis + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            available = filled;
        }
        int n = Math.min(max, available - offset);
        // bytes below 'filled' never change again, so the slice is shared, not copied, outside the lock
        return n <= 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(data, offset, n);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
