package dev.weft.gateway.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Items sent to the chain in batches with an adaptive window (issue 16): an item that finds a free
 * sending slot goes at once, alone if nothing else waits (no added latency when idle); while every slot
 * has a batch in flight, the items that arrive gather in the queue, and the next free slot takes up to
 * {@code maxBatch} of them as one transaction. So batches grow with the load, and the window is as long
 * as a commit, never longer. The queue and the draining are the JDK's ({@link LinkedBlockingQueue#drainTo}).
 *
 * <p>A burst (many items becoming ready within milliseconds, e.g. the work of one block) would otherwise
 * send its first item alone and make the rest wait a whole commit. So the caller may say how many items
 * are {@linkplain #expect coming soon} (being computed right now): a free slot then waits for them, up to
 * {@code linger}, before it sends. With nothing coming, nothing waits.
 *
 * <p>{@code sender} sends one batch and completes each item's future (in item order) with its outcome,
 * or exceptionally; {@link #submit} blocks its caller until its item's outcome is known.
 *
 * <pre>{@code
 * AdaptiveBatches<Entry, Committed> batches = new AdaptiveBatches<>("results", 64, 2, (items, outcomes) -> …);
 * Committed tx = batches.submit(entry);
 * }</pre>
 */
public final class AdaptiveBatches<T, R> implements AutoCloseable {
    private record Pending<T, R>(T item, CompletableFuture<R> outcome) {
    }

    private final int maxBatch;
    private final int maxInFlight;
    private final BiConsumer<List<T>, List<CompletableFuture<R>>> sender;
    private final LinkedBlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final ExecutorService senders;
    private final java.util.concurrent.atomic.AtomicInteger coming = new java.util.concurrent.atomic.AtomicInteger();
    private final long lingerNanos;
    private final boolean spread;
    /** Slots started (lingering or sending). */
    private int inFlight;
    /** Slots that have taken their batch and are sending it. */
    private int sending;

    public AdaptiveBatches(String name, int maxBatch, int maxInFlight, java.time.Duration linger,
            BiConsumer<List<T>, List<CompletableFuture<R>>> sender) {
        this(name, maxBatch, maxInFlight, linger, false, sender);
    }

    /**
     * As {@link #AdaptiveBatches(String, int, int, java.time.Duration, BiConsumer)}; with {@code spread}, a
     * burst that finds several slots idle is split evenly over them (each free slot takes its share of what
     * waits, not all of it), so that its parts are endorsed side by side rather than as one long
     * transaction. Under load, when every other slot is sending, a free slot still takes everything.
     */
    public AdaptiveBatches(String name, int maxBatch, int maxInFlight, java.time.Duration linger, boolean spread,
            BiConsumer<List<T>, List<CompletableFuture<R>>> sender) {
        this.spread = spread;
        this.lingerNanos = linger.toNanos();
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("a batch holds at least one item and one batch is sent at a time");
        }
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.sender = sender;
        this.senders = Executors.newFixedThreadPool(maxInFlight, r -> {
            Thread t = new Thread(r, "weft-batches-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code n} more items (or fewer, when negative) are being prepared and will be submitted soon. */
    public void expect(int n) {
        coming.addAndGet(n);
    }

    /** Items waiting for a batch. */
    public int queued() {
        return queue.size();
    }

    /** Sends {@code item} in the next batch and waits for its outcome; rethrows its failure. */
    public R submit(T item) {
        CompletableFuture<R> outcome = new CompletableFuture<>();
        queue.add(new Pending<>(item, outcome));
        pump();
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException(ChainException.Stage.SUBMIT, "INTERRUPTED", null,
                    "interrupted while its batch was in flight; it may have committed", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** Starts a batch in every free slot while items wait. */
    private void pump() {
        while (true) {
            synchronized (this) {
                if (inFlight >= maxInFlight || queue.isEmpty()) {
                    return;
                }
                inFlight++;
            }
            try {
                senders.execute(() -> {
                    List<Pending<T, R>> batch = new ArrayList<>();
                    try {
                        lingerWhileComing();
                        take(batch);
                        pump();
                        if (!batch.isEmpty()) {
                            send(batch);
                        }
                    } finally {
                        synchronized (this) {
                            inFlight--;
                            if (!batch.isEmpty()) {
                                sending--;
                            }
                        }
                        pump();
                    }
                });
            } catch (RejectedExecutionException closed) {
                synchronized (this) {
                    inFlight--;
                }
                ChainException e = new ChainException(ChainException.Stage.SUBMIT, "CLOSED", null,
                        "closed before the batch was sent", closed);
                List<Pending<T, R>> left = new ArrayList<>();
                queue.drainTo(left);
                left.forEach(p -> p.outcome().completeExceptionally(e));
                return;
            }
        }
    }

    /**
     * Moves this slot's batch out of the queue: up to {@code maxBatch} items, and with {@code spread} only
     * its share of them among the slots not sending (this one included), rounded up.
     */
    private synchronized void take(List<Pending<T, R>> batch) {
        int limit = maxBatch;
        if (spread) {
            int idle = maxInFlight - sending;
            limit = Math.min(maxBatch, (queue.size() + idle - 1) / idle);
        }
        queue.drainTo(batch, limit);
        if (!batch.isEmpty()) {
            sending++;
        }
    }

    /** Waits (up to the linger) while items are coming and the batch is not full. */
    private void lingerWhileComing() {
        long until = System.nanoTime() + lingerNanos;
        while (coming.get() > 0 && queue.size() < maxBatch && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private void send(List<Pending<T, R>> batch) {
        List<CompletableFuture<R>> outcomes = batch.stream().map(Pending::outcome).toList();
        try {
            sender.accept(batch.stream().map(Pending::item).toList(), outcomes);
        } catch (RuntimeException e) {
            outcomes.forEach(o -> o.completeExceptionally(e));
        }
        ChainException missing = new ChainException(ChainException.Stage.COMMIT, "UNKNOWN", null,
                "the batch's sender gave this item no outcome", null);
        outcomes.forEach(o -> o.completeExceptionally(missing));
    }

    @Override
    public void close() {
        senders.shutdown();
    }
}
