package dev.weft.gateway.scheduler;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a gateway reports about its scheduling (and benchmarks read). */
public final class SchedulerMetrics {
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicLong conflictRetries = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong behind = new AtomicLong();
    private final AtomicLong refusedSetAside = new AtomicLong();
    private final AtomicLong antiEntropyTaken = new AtomicLong();

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

    /** A refusal the own view did not confirm: endorsers were behind (issue 8). */
    void behind() {
        behind.incrementAndGet();
    }

    /** A subtask set aside in the dead-letter list after refusals retrying cannot cure. */
    void refusedSetAside() {
        refusedSetAside.incrementAndGet();
        deadLetters.incrementAndGet();
    }

    /** Subtasks anti-entropy found on chain that the task list did not hold: zero in a healthy run. */
    void antiEntropyTaken(int n) {
        antiEntropyTaken.addAndGet(n);
    }

    /**
     * A point-in-time copy.
     *
     * @param deadLetters events and subtasks set aside (of which {@code refusedSetAside} subtasks)
     * @param behind refusals retried because the own view said the work was still open
     * @param antiEntropyTaken subtasks taken up by anti-entropy after start-up
     */
    public record Snapshot(long executions, long submissions, long conflictRetries, long recovered,
            long deadLetters, long behind, long refusedSetAside, long antiEntropyTaken) {
    }

    public Snapshot snapshot() {
        return new Snapshot(executions.get(), submissions.get(), conflictRetries.get(), recovered.get(),
                deadLetters.get(), behind.get(), refusedSetAside.get(), antiEntropyTaken.get());
    }
}
