package dev.weft.gateway.chain;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes across peers within one process. A transaction that one client saw
 * committed (at its own gateway peer) may not be at another client's peer yet: peers commit
 * a block at different moments. When a call through a peer is refused with a state-dependent
 * NOT_FOUND, and that peer's height shows it has not committed the highest block any client of
 * this process saw its own transaction committed in, the refusal may only be the peer being
 * behind: the call waits (bounded) until the peer has that block and is made once more. A peer
 * already past it refused for good; the refusal is thrown as it came.
 *
 * <p>The mark is per channel and only rises; it never holds a call that does not fail.
 */
final class PeerCatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(PeerCatchUp.class);
    private static final ConcurrentHashMap<String, AtomicLong> HIGHEST = new ConcurrentHashMap<>();
    static final Duration LIMIT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 100;

    private PeerCatchUp() {
    }

    /** A client of this process saw its transaction committed in {@code block} of {@code channel}. */
    static void committed(String channel, long block) {
        HIGHEST.computeIfAbsent(channel, c -> new AtomicLong(-1)).accumulateAndGet(block, Math::max);
    }

    /** The highest block of {@code channel} a client of this process saw its transaction committed in, or -1. */
    static long highest(String channel) {
        AtomicLong mark = HIGHEST.get(channel);
        return mark == null ? -1 : mark.get();
    }

    /**
     * Whether the refused call should be made again: true when {@code height} (the peer's,
     * the number its next block gets) was at or below {@code needed} and reached past it within
     * {@code limit}; false at once when it was past already, or when {@code needed} is -1, and false
     * when the peer did not catch up in time. Reading the height failing counts as not caught up.
     */
    static boolean waitedFor(LongSupplier height, long needed, Duration limit, String what) {
        if (needed < 0 || heightOrMinus(height) > needed) {
            return false;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        LOG.debug("{}: refused with NOT_FOUND by a peer that has not committed block {} yet; waiting", what, needed);
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (heightOrMinus(height) > needed) {
                return true;
            }
        }
        LOG.info("{}: the peer did not commit block {} within {} s", what, needed, limit.toSeconds());
        return false;
    }

    private static long heightOrMinus(LongSupplier height) {
        try {
            return height.getAsLong();
        } catch (RuntimeException unreadable) {
            return -1;
        }
    }
}
