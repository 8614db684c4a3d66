package dev.weft.gateway.scheduler;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a gateway reports about its scheduling (and benchmarks read). */
public final class SchedulerMetrics {
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicLong conflictRetries = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    void executed() {
        executions.incrementAndGet();
    }

    void submitted(int conflicts) {
        submissions.incrementAndGet();
        conflictRetries.addAndGet(conflicts);
    }

    void recovered(int n) {
        recovered.addAndGet(n);
    }

    void deadLettered() {
        deadLetters.incrementAndGet();
    }

    /** A point-in-time copy. */
    public record Snapshot(long executions, long submissions, long conflictRetries, long recovered,
            long deadLetters) {
    }

    public Snapshot snapshot() {
        return new Snapshot(executions.get(), submissions.get(), conflictRetries.get(), recovered.get(),
                deadLetters.get());
    }
}
