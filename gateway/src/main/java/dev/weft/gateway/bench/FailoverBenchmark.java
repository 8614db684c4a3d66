package dev.weft.gateway.bench;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Profile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench failover}: tasks of one organisation flow at a steady rate while the
 * instance acting for it is faulted again and again (SIGKILL and SIGSTOP in turn); the
 * {@link FailoverRig} of the mode under test provides the instances. Measured from the
 * chain's own event stream, in block order:
 * <ul>
 *   <li>takeover: fault → first committed result signed by another instance;</li>
 *   <li>accepted from deposed: a result committed from an instance after the chain had
 *       made another one the actor (in block and transaction order);</li>
 *   <li>false failovers: changes of the actor outside any fault's window;</li>
 *   <li>keepalive share: the mode's on-chain keepalive transactions ÷ every committed
 *       transaction of the run (each Weft transaction emits exactly one event);</li>
 *   <li>lost and duplicate results: the audit of every task created.</li>
 * </ul>
 * {@link FailoverEvents} follows the stream and counts from it, {@link FailoverTally}
 * keeps the takeovers and makes the report; this class paces the load and the faults.
 */
public final class FailoverBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverBenchmark.class);

    /**
     * @param rate   tasks created per second (open loop)
     * @param giveUp how long a takeover, and the final drain, may take before the run goes on without it
     */
    public record Settings(Profile profile, int faults, double rate, long subtaskDelayMillis, Duration giveUp,
            int masterTtlSeconds, Duration keepalive) {
    }

    private final Settings s;

    public FailoverBenchmark(Settings settings) {
        this.s = settings;
    }

    public FailoverReport run(FailoverRig rig) throws Exception {
        String msp = s.profile().mspId();
        try (ChainClient admin = ChainClient.connect(s.profile().connection("Admin", 0));
                ChainClient client = ChainClient.connect(s.profile().connection("User1", 0));
                ChainClient reader = ChainClient.connect(s.profile().connection("User1", 0));
                RecoveryEvents events = RecoveryEvents.listen(reader, reader.blockHeight())) {
            String definition = RecoveryLoad.define(admin, "bench-failover", 1, msp, s.subtaskDelayMillis());
            FailoverEvents stream = FailoverEvents.listen(reader, reader.blockHeight(), rig);
            rig.start();
            List<String> created = Collections.synchronizedList(new ArrayList<>());
            ExecutorService creators = Executors.newFixedThreadPool(16);
            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
            long period = Math.max(1, (long) (1e9 / s.rate()));
            // Open loop, but never more than 32 creations in flight: a slow channel lowers the rate, not memory.
            Semaphore inFlight = new Semaphore(32);
            AtomicLong skipped = new AtomicLong();
            pace.scheduleAtFixedRate(() -> {
                if (!inFlight.tryAcquire()) {
                    skipped.incrementAndGet();
                    return;
                }
                creators.execute(() -> {
                    try {
                        created.addAll(RecoveryLoad.create(client, definition, 1, 1));
                    } catch (RuntimeException e) {
                        LOG.warn("task not created: {}", e.toString());
                    } finally {
                        inFlight.release();
                    }
                });
            }, 0, period, TimeUnit.NANOSECONDS);
            long began = System.nanoTime();
            FailoverTally tally = new FailoverTally();
            pace.scheduleAtFixedRate(tally::sampleLoad, 0, 10, TimeUnit.SECONDS);
            String stoppedEarly;
            try {
                stoppedEarly = injectFaults(rig, stream, tally);
            } finally {
                pace.shutdownNow();
                creators.shutdown();
                creators.awaitTermination(2, TimeUnit.MINUTES);
            }
            double achieved = created.size() / ((System.nanoTime() - began) / 1e9);
            if (skipped.get() > 0) {
                LOG.warn("{} task creations skipped: the channel took fewer than {} tasks/s", skipped.get(), s.rate());
            }
            List<String> tasks = List.copyOf(created);
            events.awaitEnded(tasks, s.giveUp());
            RecoveryLoad.Audit audit = RecoveryLoad.audit(reader, tasks, msp, events, List.of());
            stream.resolveAll();
            stream.close();
            long refused = rig.refusedFromDeposed();
            return tally.report(rig.mode(), s, stoppedEarly, stream, refused, audit, tasks.size(), achieved);
        }
    }

    /**
     * Faults the acting instance {@code s.faults()} times (SIGKILL and SIGSTOP in turn), each
     * after a result of the acting instance, and tallies each takeover.
     *
     * @return why the run stopped before all of them (null: it did not)
     */
    private String injectFaults(FailoverRig rig, FailoverEvents stream, FailoverTally tally)
            throws Exception {
        try {
            stream.awaitResultBy(rig.actingIdentity(), System.nanoTime(), s.giveUp());
            for (int i = 0; i < s.faults(); i++) {
                FailoverRig.Kind kind = i % 2 == 0 ? FailoverRig.Kind.SIGKILL : FailoverRig.Kind.SIGSTOP;
                FailoverRig.Fault fault;
                try {
                    fault = rig.fault(kind);
                } catch (RuntimeException e) {
                    return stoppedEarly("fault " + (i + 1) + " not injected: " + e.getMessage());
                }
                tally.faulted(fault);
                long took = stream.awaitResultNotBy(fault.identity(), fault.atNanos(), s.giveUp());
                if (took > 0) {
                    tally.takeover(i + 1, fault, took, rig.takeoverMarks(fault).orElse(null));
                } else {
                    LOG.warn("fault {} ({} of {}): no takeover within {}", i + 1, kind, fault.instance(),
                            s.giveUp());
                    tally.noTakeover();
                }
                rig.repair(fault);
                // The next fault meets a warm standby: the repaired instance has finished its first round.
                if (!rig.awaitStandby(fault, s.giveUp())) {
                    return stoppedEarly("after fault " + (i + 1) + " " + fault.instance() + " did not stand by within "
                            + s.giveUp());
                }
                stream.awaitResultBy(rig.actingIdentity(), System.nanoTime(), s.giveUp());
            }
            return null;
        } catch (RuntimeException e) {
            return stoppedEarly("after " + tally.faults() + " faults: " + e);
        }
    }

    private static String stoppedEarly(String why) {
        LOG.warn("{}; the run ends here and reports what it measured", why);
        return why;
    }
}
