package dev.weft.gateway.cluster;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role transitions of a member: its {@link MasterWork} (the scheduler) runs
 * from the epoch it became master (or validator) at until it steps down, started and
 * stopped in order on one thread of its own, so a blocking start (recovery) never
 * holds up the member's rounds. The member decides when it acts; this class only runs
 * the work accordingly.
 */
final class MasterRole {
    private static final Logger LOG = LoggerFactory.getLogger(MasterRole.class);

    private final String memberId;
    private final MasterWork work;
    private final ExecutorService thread;
    private volatile long workingEpoch = -1;

    MasterRole(String memberId, MasterWork work, String threadName) {
        this.memberId = memberId;
        this.work = work;
        this.thread = Executors.newSingleThreadExecutor(daemons(threadName));
    }

    /** The epoch the work runs at; -1 while it does not run. */
    long workingEpoch() {
        return workingEpoch;
    }

    /**
     * Runs the work at {@code epoch}, stopping it first if it ran at another; on the role
     * thread, {@code start} runs if the work is still at {@code epoch} and {@code stillValid}
     * holds for it by then ({@code start} calls {@link #startWork}).
     *
     * @return false if the work already ran at {@code epoch}
     */
    synchronized boolean enter(long epoch, LongPredicate stillValid, LongConsumer start) {
        if (workingEpoch == epoch) {
            return false;
        }
        if (workingEpoch >= 0) {
            stop("epoch moved to " + epoch);
        }
        workingEpoch = epoch;
        thread.execute(() -> {
            if (workingEpoch == epoch && stillValid.test(epoch)) {
                start.accept(epoch);
            }
        });
        return true;
    }

    /** The work's own start; for {@link #enter}'s {@code start}, on the role thread. */
    void startWork(long epoch) {
        work.start(epoch);
    }

    /** Stops the work if it runs; {@code before} (given the epoch it ran at) is called first. */
    synchronized void leave(String why, LongConsumer before) {
        if (workingEpoch >= 0) {
            before.accept(workingEpoch);
            stop(why);
            workingEpoch = -1;
        }
    }

    private void stop(String why) {
        LOG.warn("member {}: stops submitting: {}", memberId, why);
        thread.execute(work::stop);
    }

    /** Lets a stop already queued finish (up to 15 s); call after the last {@link #leave}. */
    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Daemon threads named {@code name}. */
    static ThreadFactory daemons(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
