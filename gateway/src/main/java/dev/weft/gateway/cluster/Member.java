package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway instance in its organisation's cluster (S4.1, S4.4–S4.6). On a cadence
 * it sends its on-chain keepalive under the epoch it read, builds the neighbour
 * table from the chain and, when the cluster has no master or the master's aging
 * timer ran out on chain, takes over if the table elects it (Register or an Update
 * that compare-and-sets the epoch). Only while it holds an unexpired
 * {@link MasterLease} does it run its {@link MasterWork} (the scheduler, whose start
 * recovers the organisation's owed work from the chain); a watchdog stops the work
 * as soon as the lease lapses, even while a keepalive is stuck.
 *
 * <pre>{@code
 * MasterLease lease = new MasterLease(System::nanoTime);
 * ChainClient chain = ChainClient.connect(config, RetryPolicy.DEFAULT, lease);
 * try (Member m = Member.start(new Member.Config("Org1MSP", "org1", "a", null), chain, lease, work)) { … }
 * }</pre>
 */
public final class Member implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Member.class);

    /** What only the master runs. {@code start} may block (recovery); both run on one thread, in order. */
    public interface MasterWork {
        void start(long epoch);

        void stop();
    }

    /**
     * @param priority  the priority this member was started with; checked against its enrolment
     *                  (null: take the enrolled one)
     * @param keepalive the cadence (null: a third of the cluster's TTL)
     */
    public record Config(String mspId, String cluster, String memberId, Integer priority, Duration keepalive) {
        public Config {
            Objects.requireNonNull(mspId, "mspId");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(memberId, "memberId");
        }
    }

    private final Config config;
    private final ClusterLedger ledger;
    private final MasterLease lease;
    private final MasterWork work;
    private final LongSupplier clock = System::nanoTime;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> daemon(r, "weft-member"));
    private final ExecutorService role = Executors.newSingleThreadExecutor(r -> daemon(r, "weft-member-role"));
    private final Duration ttl;
    private final Duration interval;
    private volatile long workingEpoch = -1;
    private volatile NeighbourTable table;

    private Member(Config config, ChainClient chain, MasterLease lease, MasterWork work) {
        this.config = config;
        this.ledger = new ClusterLedger(chain);
        this.lease = lease;
        this.work = work;
        ClusterView view = ledger.cluster(config.mspId());
        if (!view.name().equals(config.cluster())) {
            throw new IllegalArgumentException("the cluster of " + config.mspId() + " is named " + view.name()
                    + ", not " + config.cluster());
        }
        ClusterView.MemberRow me = view.member(config.memberId());
        if (me == null) {
            throw new IllegalArgumentException(config.memberId() + " is not enrolled in cluster " + view.name()
                    + " (an admin enrols it: weft cluster enrol)");
        }
        if (config.priority() != null && config.priority() != me.priority()) {
            throw new IllegalArgumentException("member " + me.memberId() + " is enrolled with priority "
                    + me.priority() + ", not " + config.priority());
        }
        this.ttl = Duration.ofSeconds(view.ttlSeconds());
        this.interval = config.keepalive() != null ? config.keepalive() : ttl.dividedBy(3);
        if (interval.compareTo(ttl.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("the keepalive interval must be at most half the TTL (" + ttl + ")");
        }
    }

    public static Member start(Config config, ChainClient chain, MasterLease lease, MasterWork work) {
        Member m = new Member(config, chain, lease, work);
        m.timer.scheduleWithFixedDelay(m::tickSafely, 0, m.interval.toMillis(), TimeUnit.MILLISECONDS);
        m.timer.scheduleWithFixedDelay(m::watchdog, 100, 100, TimeUnit.MILLISECONDS);
        LOG.info("member {} of cluster {} ({}) started: TTL {}, keepalive every {}", config.memberId(),
                config.cluster(), config.mspId(), m.ttl, m.interval);
        return m;
    }

    /** The last neighbour table this member computed (null before its first keepalive). */
    public NeighbourTable table() {
        return table;
    }

    public boolean acting() {
        return lease.acting();
    }

    /** How long a renewal keeps the lease: shorter than the TTL by one keepalive interval. */
    private Duration validity() {
        return ttl.minus(interval);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("member {}: keepalive round failed: {}", config.memberId(), e.getMessage());
        }
    }

    private void tick() {
        long epoch = ledger.cluster(config.mspId()).master().epoch();
        long sentAt = clock.getAsLong();
        JsonNode reply;
        try {
            reply = ledger.keepalive(config.memberId(), epoch);
        } catch (ChainException e) {
            LOG.info("member {}: keepalive at epoch {} refused: {}", config.memberId(), epoch, e.reason());
            return;
        }
        if (reply.path("isMaster").asBoolean()) {
            lease.renewed(epoch, sentAt, validity());
            becomeMaster(epoch);
        } else {
            lease.revoke();
            stepDown("the chain names " + reply.path("master").path("memberId").asText("no member") + " master");
        }
        ClusterView view = ledger.cluster(config.mspId());
        NeighbourTable now = NeighbourTable.of(view, Instant.now());
        table = now;
        if (reply.path("isMaster").asBoolean()) {
            return;
        }
        if (!view.master().hasMaster() && config.memberId().equals(now.firstMaster())) {
            takeOver(view.master().epoch(), true);
        } else if (view.master().hasMaster() && !Instant.now().isBefore(view.master().expiresAt())
                && config.memberId().equals(now.successor())) {
            takeOver(view.master().epoch(), false);
        }
    }

    private void takeOver(long epoch, boolean first) {
        long sentAt = clock.getAsLong();
        try {
            JsonNode master = first ? ledger.register(config.memberId()) : ledger.update(config.memberId(), epoch);
            long next = master.path("epoch").asLong();
            lease.renewed(next, sentAt, validity());
            LOG.info("member {}: master of cluster {} at epoch {}", config.memberId(), config.cluster(), next);
            becomeMaster(next);
        } catch (ChainException e) {
            LOG.info("member {}: takeover from epoch {} refused: {}", config.memberId(), epoch, e.reason());
        }
    }

    private void watchdog() {
        if (workingEpoch >= 0 && !lease.acting()) {
            stepDown("its lease lapsed (no keepalive committed in time)");
        }
    }

    private synchronized void becomeMaster(long epoch) {
        if (workingEpoch == epoch) {
            return;
        }
        if (workingEpoch >= 0) {
            stopWork("epoch moved to " + epoch);
        }
        workingEpoch = epoch;
        role.execute(() -> {
            if (workingEpoch == epoch && lease.acting()) {
                LOG.info("member {}: starting the scheduler as master at epoch {}", config.memberId(), epoch);
                work.start(epoch);
            }
        });
    }

    private synchronized void stepDown(String why) {
        if (workingEpoch >= 0) {
            stopWork(why);
            workingEpoch = -1;
        }
    }

    private void stopWork(String why) {
        LOG.warn("member {}: stops submitting: {}", config.memberId(), why);
        role.execute(work::stop);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        lease.revoke();
        stepDown("shutting down");
        role.shutdown();
        try {
            role.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
