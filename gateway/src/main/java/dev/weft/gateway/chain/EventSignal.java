package dev.weft.gateway.chain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.InMemoryCheckpointer;

/**
 * Wakes one waiter when a chaincode event that concerns it commits, and after a quiet poll
 * interval at the latest: the loop of a command that waits for a state on chain (a task's end,
 * a proposal's decision) reads that state again at each wake, so a missed or late event only
 * delays it. Events come through an {@link EventStream} checkpointed in memory.
 *
 * <pre>{@code
 * try (EventSignal signal = EventSignal.start(() -> chain, fromBlock, poll, e -> concernsMe(e))) {
 *     while (!done(read())) {
 *         if (!signal.await(deadline)) { return timedOut; }
 *     }
 * }
 * }</pre>
 */
public final class EventSignal implements AutoCloseable {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

    private final BlockingQueue<Long> signals = new LinkedBlockingQueue<>();
    private final Duration poll;
    private EventStream stream;

    private EventSignal(Duration poll) {
        this.poll = poll == null || poll.isZero() || poll.isNegative() ? DEFAULT_POLL : poll;
    }

    /** Follows the events from {@code startBlock} on; those {@code concerns} accepts wake the waiter. */
    public static EventSignal start(Supplier<ChainClient> chain, long startBlock, Duration poll,
            Predicate<ChaincodeEvent> concerns) {
        Objects.requireNonNull(concerns, "concerns");
        EventSignal signal = new EventSignal(poll);
        signal.stream = EventStream.start(chain, startBlock, new InMemoryCheckpointer(), event -> {
            if (concerns.test(event)) {
                signal.signals.offer(event.getBlockNumber());
            }
        });
        return signal;
    }

    /**
     * Waits for the next event of interest, or the poll interval, but not past {@code deadline}
     * (null: none); events that came meanwhile count as one. False when the deadline has passed.
     */
    public boolean await(Instant deadline) throws InterruptedException {
        long waitMillis = poll.toMillis();
        if (deadline != null) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                return false;
            }
            waitMillis = Math.min(waitMillis, left);
        }
        if (signals.poll(waitMillis, TimeUnit.MILLISECONDS) != null) {
            signals.clear();
        }
        return true;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
