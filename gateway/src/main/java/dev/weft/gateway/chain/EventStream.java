package dev.weft.gateway.chain;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;
import org.hyperledger.fabric.client.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chaincode-event subscription that survives stream errors and restarts.
 * Each event is handed to the handler and then checkpointed (at most every
 * 500 ms, and at stop), so a listener stopped and started again with the same
 * {@link Checkpointer} resumes right after the last event it finished. After a
 * kill, events handled since the last checkpoint are delivered again: handlers
 * are idempotent. The peer's event stream does not reconnect by itself; this class
 * reopens it from the checkpoint with backoff after any error or peer restart.
 *
 * <pre>{@code
 * try (var cp = new FileCheckpointer(path);
 *      EventStream stream = EventStream.start(() -> chain, startBlock, cp, event -> handle(event))) {
 *     ...
 * }
 * }</pre>
 */
public final class EventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    /** Receives each event once per successful checkpoint. */
    @FunctionalInterface
    public interface Handler {
        void handle(ChaincodeEvent event) throws Exception;
    }

    private final Supplier<ChainClient> chain;
    private final long startBlock;
    private final Checkpointer checkpointer;
    private final Handler handler;
    private final RetryPolicy retry;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean running = true;
    private volatile CloseableIterator<ChaincodeEvent> current;
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private ChaincodeEvent handled;
    private long lastCheckpoint = System.nanoTime();

    private EventStream(Supplier<ChainClient> chain, long startBlock, Checkpointer checkpointer, Handler handler,
            RetryPolicy retry) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.startBlock = startBlock;
        this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.thread = new Thread(this::loop, "weft-events");
        this.thread.setDaemon(true);
    }

    /** Starts listening on a background thread. */
    public static EventStream start(Supplier<ChainClient> chain, long startBlock, Checkpointer checkpointer,
            Handler handler) {
        return start(chain, startBlock, checkpointer, handler, new RetryPolicy(Integer.MAX_VALUE, 200, 5_000));
    }

    public static EventStream start(Supplier<ChainClient> chain, long startBlock, Checkpointer checkpointer,
            Handler handler, RetryPolicy retry) {
        EventStream stream = new EventStream(chain, startBlock, checkpointer, handler, retry);
        stream.thread.start();
        return stream;
    }

    /** How many times the stream was reopened after an error. */
    public long reconnects() {
        return reconnects.get();
    }

    private void loop() {
        int failures = 0;
        try {
            while (running) {
                try (CloseableIterator<ChaincodeEvent> events = chain.get().events(startBlock, checkpointer)) {
                    current = events;
                    while (running && events.hasNext()) {
                        ChaincodeEvent event = events.next();
                        handleWithRetry(event);
                        handled = event;
                        if (System.nanoTime() - lastCheckpoint >= CHECKPOINT_INTERVAL_NANOS) {
                            flush();
                        }
                        failures = 0;
                    }
                } catch (RuntimeException | java.io.IOException e) {
                    if (!running) {
                        break;
                    }
                    failures++;
                    reconnects.incrementAndGet();
                    LOG.warn("event stream interrupted ({}); reopening from checkpoint block {}",
                            e.getMessage(), checkpointer.getBlockNumber().orElse(startBlock));
                }
                if (running) {
                    retry.pause(Math.max(1, failures));
                }
            }
        } catch (IllegalStateException interrupted) {
            LOG.debug("event stream stopped while waiting to reconnect");
        } finally {
            // the interrupt that ended a wait must not end the final checkpoint write too (an interrupted
            // FileChannel write closes the checkpoint file)
            boolean interrupted = Thread.interrupted();
            try {
                flush();
            } catch (java.io.IOException e) {
                LOG.warn("could not write the final checkpoint: {}", e.getMessage());
            }
            stopped.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Checkpoints the last handled event. Writing after every event would cost a
     * disk sync each; at most one write per interval (and one at stop) is enough,
     * because events handled but not yet checkpointed are simply delivered again
     * after a crash, and handlers are idempotent.
     */
    private void flush() throws java.io.IOException {
        ChaincodeEvent last = handled;
        if (last != null) {
            checkpointer.checkpointChaincodeEvent(last);
            handled = null;
        }
        lastCheckpoint = System.nanoTime();
    }

    private void handleWithRetry(ChaincodeEvent event) throws java.io.IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(event);
                return;
            } catch (Exception e) {
                if (!running) {
                    throw new IllegalStateException("stopped", e);
                }
                LOG.warn("handler failed on {} (attempt {}): {}", event.getTransactionId(), attempt, e.toString());
                retry.pause(Math.min(attempt, 6));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        CloseableIterator<ChaincodeEvent> it = current;
        if (it != null) {
            it.close();
        }
        try {
            // closing the iterator ends the stream; interrupt only a thread still waiting (to reconnect,
            // or in a handler) after that, so that its final checkpoint is written undisturbed
            if (!stopped.await(2, TimeUnit.SECONDS)) {
                thread.interrupt();
                stopped.await(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
