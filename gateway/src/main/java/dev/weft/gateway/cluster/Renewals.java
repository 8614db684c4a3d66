package dev.weft.gateway.cluster;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A master's keepalive renewals, each on its own thread, at most {@code limit} in flight.
 * The member's round hands one over every interval and goes on at once, so a renewal
 * whose commit is slow never delays the next one (with a single thread, one commit of
 * 5 s held back every renewal behind it and the lease lapsed although later keepalives
 * would have committed in time). When {@code limit} renewals are still in flight the
 * round's renewal is skipped: more would only queue behind the same slow orderer.
 *
 * <pre>{@code
 * Renewals r = new Renewals(3, "weft-member-renewal");
 * boolean sent = r.submit(() -> ledger.keepalive(member, epoch));
 * }</pre>
 */
final class Renewals implements AutoCloseable {
    /** Renewals a master keeps in flight at most. */
    static final int MAX_IN_FLIGHT = 3;

    private final int limit;
    private final Semaphore slots;
    private final ExecutorService threads;

    Renewals(int limit, String threadName) {
        this.limit = limit;
        this.slots = new Semaphore(limit);
        this.threads = Executors.newFixedThreadPool(limit, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code renewal} on a thread of its own; false (nothing run) when the limit is in flight. */
    boolean submit(Runnable renewal) {
        if (!slots.tryAcquire()) {
            return false;
        }
        try {
            threads.execute(() -> {
                try {
                    renewal.run();
                } finally {
                    slots.release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            slots.release();
            return false;
        }
    }

    /** Renewals running now. */
    int inFlight() {
        return limit - slots.availablePermits();
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
