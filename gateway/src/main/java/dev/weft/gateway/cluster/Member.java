package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.engine.EngineTls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * {@link MasterLease} does it send fenced writes. Its {@link MasterWork} (the scheduler,
 * whose start recovers the organisation's owed work from the chain) runs from the
 * takeover until the chain names another master, says the epoch is stale, or the lease
 * has been lapsed for a whole TTL; a shorter lapse only holds back the fenced writes.
 * The master's keepalives go on threads of their own ({@link Renewals}, at most three
 * in flight), so one slow commit never delays the next renewal.
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
     * @param priority    the priority this member was started with; checked against its enrolment
     *                    (null: take the enrolled one)
     * @param keepalive   the cadence (null: a third of the cluster's TTL)
     * @param peerMembers the other members' cluster ports ({@code --peer-members}); empty: liveness from the
     *                    chain only, every member sending keepalive transactions
     * @param peerTls     the organisation's TLS identity for the member-to-member port (with peerMembers)
     */
    public record Config(String mspId, String cluster, String memberId, Integer priority, Duration keepalive,
            List<String> peerMembers, EngineTls peerTls) {
        public Config {
            Objects.requireNonNull(mspId, "mspId");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(memberId, "memberId");
            peerMembers = peerMembers == null ? List.of() : List.copyOf(peerMembers);
            if (!peerMembers.isEmpty()) {
                Objects.requireNonNull(peerTls, "peerTls (the organisation's TLS identity for --peer-members)");
            }
        }

        public Config(String mspId, String cluster, String memberId, Integer priority, Duration keepalive) {
            this(mspId, cluster, memberId, priority, keepalive, List.of(), null);
        }
    }

    /**
     * With peer keepalives, a member that is not master still sends a keepalive transaction
     * this often (in keepalive intervals), so the chain's view of the cluster shows it.
     */
    static final int PRESENCE_EVERY = 10;
    /** {@link #PRESENCE_EVERY} for option descriptions. */
    public static final String PRESENCE_EVERY_TEXT = "10";

    /** Logged (with the role and epoch) each time a member's standby role changes, its first round included. */
    public static final String STANDING_BY = "standing by as";
    /**
     * Logged once a takeover's scheduler start returned, with {@link System#nanoTime} marks of the
     * Update's send and commit and of the start's return (one monotonic clock for every process of
     * the machine, so {@code weft bench failover} lines them up with its faults).
     */
    public static final String TAKEOVER_TIMING = "takeover timing:";
    /** Logged when a master's scheduler starts. */
    public static final String STARTING_SCHEDULER = "starting the scheduler as master";

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
    private final ClusterView.MemberRow enrolled;
    private PeerKeepalives peers;
    /** The first round is not quiet: a member shows its presence on chain at once. */
    private int quietRounds = PRESENCE_EVERY - 1;
    /** The master row's expiry a MASTER_ALIVE refusal made this member look again for (one look per expiry). */
    private Instant relookedFor;
    /** Send and commit of the takeover that made this member master, until its scheduler start logs them. */
    private volatile long[] takeoverMarks;
    /** When this member started: it registers a cluster's first master only a TTL later. */
    private final long startedAt = clock.getAsLong();
    private final Object tickLock = new Object();
    private final Renewals renewals = new Renewals(Renewals.MAX_IN_FLIGHT, "weft-member-renewal");
    private volatile boolean lapseLogged;
    private volatile String standbyRole;

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
        this.enrolled = me;
        this.ttl = Duration.ofSeconds(view.ttlSeconds());
        this.interval = config.keepalive() != null ? config.keepalive() : ttl.dividedBy(3);
        if (interval.compareTo(ttl.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("the keepalive interval must be at most half the TTL (" + ttl + ")");
        }
    }

    public static Member start(Config config, ChainClient chain, MasterLease lease, MasterWork work) {
        Member m = new Member(config, chain, lease, work);
        if (!config.peerMembers().isEmpty()) {
            String address = m.enrolled.address();
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            m.peers = PeerKeepalives.start(m::row, port, config.peerMembers(), config.peerTls(), m.interval,
                    m.clock);
        }
        // At a fixed rate, not a fixed delay: a master's renewals are sent every interval, however long
        // each round's chain calls take (with a fixed delay the period grew by every round's duration,
        // and a loaded machine let the lease lapse between two renewals that each committed in time).
        m.timer.scheduleAtFixedRate(m::tickSafely, 0, m.interval.toMillis(), TimeUnit.MILLISECONDS);
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

    /**
     * How long a renewal keeps the lease: shorter than the TTL by half a keepalive interval,
     * the allowance for clock skew between members (a successor's Update is accepted from the
     * master's last keepalive's transaction time plus the TTL, and that time is no earlier than
     * when the renewal was sent). Renewals go every interval, so each has {@code TTL − 1.5 ×
     * interval} to commit (3 s with the defaults): on the shared development machine under a
     * benchmark's load keepalives took 1.1–2.3 s, and a margin of a whole interval (2 s to
     * commit) let the lease lapse — a scheduler restart each time — several times a minute.
     */
    private Duration validity() {
        return ttl.minus(interval.dividedBy(2));
    }

    private void tickSafely() {
        // The periodic round and a successor's early look never run at once.
        synchronized (tickLock) {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("member {}: keepalive round failed: {}", config.memberId(), e.getMessage());
            }
        }
    }

    /** This member's row for its peers. */
    private PeerKeepalives.Row row() {
        NeighbourTable t = table;
        String role = "ORDINARY";
        if (t != null) {
            role = t.neighbours().stream().filter(n -> n.memberId().equals(config.memberId()))
                    .map(n -> n.role().name()).findFirst().orElse(role);
        }
        return new PeerKeepalives.Row(config.mspId(), config.cluster(), config.memberId(), enrolled.priority(),
                enrolled.address(), role, lease.epoch());
    }

    private void tick() {
        // The working master (acting, or lapsed for less than a TTL) renews under the epoch it holds, on a
        // thread of its own, and this round goes on at once; a forced switch or a successor's Update makes
        // that epoch stale, which the keepalive's reply says. The others read the table first.
        if (lease.held() && workingEpoch == lease.epoch()) {
            long epoch = lease.epoch();
            if (!renewals.submit(() -> renew(epoch))) {
                LOG.info("member {}: {} keepalives at epoch {} still in flight; this round sends none",
                        config.memberId(), renewals.inFlight(), epoch);
            }
            return;
        }
        ClusterView before = ledger.cluster(config.mspId());
        long epoch = before.master().epoch();
        boolean named = config.memberId().equals(before.master().memberId());
        // With peer keepalives only the master (and, now and then, a member showing its presence) writes one.
        boolean quiet = peers != null && !named && ++quietRounds < PRESENCE_EVERY;
        boolean isMaster;
        ClusterView view;
        if (quiet) {
            isMaster = false;
            view = before;
            lease.revoke();
            stepDown("the chain names " + (before.master().hasMaster() ? before.master().memberId() : "no member")
                    + " master");
        } else {
            quietRounds = 0;
            long sentAt = clock.getAsLong();
            JsonNode reply;
            try {
                reply = ledger.keepalive(config.memberId(), epoch);
                noteSlowKeepalive(epoch, sentAt);
            } catch (ChainException e) {
                refused(epoch, e);
                return;
            }
            isMaster = reply.path("isMaster").asBoolean();
            if (isMaster) {
                lease.renewed(epoch, sentAt, validity());
                becomeMaster(epoch);
            } else {
                lease.revoke();
                stepDown("the chain names " + reply.path("master").path("memberId").asText("no member") + " master");
            }
            view = ledger.cluster(config.mspId());
        }
        Instant wall = Instant.now();
        NeighbourTable now = NeighbourTable.of(view, wall, heard(wall));
        table = now;
        if (isMaster) {
            standbyRole = null;
            return;
        }
        noteStandby(now, view.master().epoch());
        if (!view.master().hasMaster() && config.memberId().equals(firstMaster(view, wall))) {
            takeOver(view.master().epoch(), true, null);
        } else if (view.master().hasMaster() && config.memberId().equals(now.successor())) {
            Instant expiresAt = view.master().expiresAt();
            Duration left = Duration.between(Instant.now(), expiresAt);
            if (left.isNegative() || left.isZero()) {
                if (!takeOver(view.master().epoch(), false, expiresAt) && !expiresAt.equals(relookedFor)) {
                    // MASTER_ALIVE: a keepalive committed after this round read the table; read it again at once
                    // and look when that one runs out, not a whole interval later.
                    relookedFor = expiresAt;
                    timer.schedule(this::tickSafely, 100, TimeUnit.MILLISECONDS);
                }
            } else if (left.compareTo(interval) < 0) {
                // The master ages out before the next round: look again right then, not up to an interval later.
                timer.schedule(this::tickSafely, left.toMillis() + 50, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Who registers a new cluster's first master, in this member's eyes: the best member the
     * chain and the peers show live, not counting this member's own round (the members of a
     * cluster start together; a member that counted itself while it had not yet heard a peer
     * of higher priority registered itself), and nobody during this member's first TTL, by
     * which every live peer has been heard over mutual TLS or on chain.
     */
    private String firstMaster(ClusterView view, Instant wall) {
        if (clock.getAsLong() - startedAt < ttl.toNanos()) {
            return null;
        }
        return NeighbourTable.of(view, wall, peers == null ? java.util.Map.of() : peers.heardAt(wall)).firstMaster();
    }

    /**
     * When each member was last heard: the peers' keepalives, and this member itself now. A
     * member running its round is alive, whatever the chain last recorded of it: a relaunched
     * member (its last on-chain keepalive older than the TTL) counted itself dead, so the
     * others elected it successor while it did not, and nobody took over until its next
     * presence keepalive, up to ten intervals later.
     */
    private java.util.Map<String, Instant> heard(Instant wall) {
        return withSelf(peers == null ? java.util.Map.of() : peers.heardAt(wall), config.memberId(), wall);
    }

    /** {@code heard} with {@code self} heard at {@code now}. */
    static java.util.Map<String, Instant> withSelf(java.util.Map<String, Instant> heard, String self, Instant now) {
        java.util.Map<String, Instant> all = new java.util.HashMap<>(heard);
        all.put(self, now);
        return all;
    }

    /** Logs {@link #STANDING_BY} when this member's role as a non-master changed since the last round. */
    private void noteStandby(NeighbourTable now, long epoch) {
        String mine = now.neighbours().stream().filter(n -> n.memberId().equals(config.memberId()))
                .map(n -> n.role().name()).findFirst().orElse("ORDINARY");
        if (!mine.equals(standbyRole)) {
            standbyRole = mine;
            LOG.info("member {}: {} {} at epoch {}", config.memberId(), STANDING_BY, mine, epoch);
        }
    }

    /** A keepalive the chain refused: a refusal that names another master deposes this one. */
    private void refused(long epoch, ChainException e) {
        LOG.info("member {}: keepalive at epoch {} refused: {}", config.memberId(), epoch, e.reason());
        if (deposes(e)) {
            lease.revoke();
            stepDown("its epoch " + epoch + " is stale (" + e.code() + ")");
        }
    }

    /** Logs a keepalive that used more than half of a renewal's budget to commit. */
    private void noteSlowKeepalive(long epoch, long sentAt) {
        long tookMillis = (clock.getAsLong() - sentAt) / 1_000_000;
        long budget = validity().minus(interval).toMillis();
        if (tookMillis > budget / 2) {
            LOG.info("member {}: keepalive at epoch {} took {} ms to commit (a renewal has {} ms)",
                    config.memberId(), epoch, tookMillis, budget);
        }
    }

    /**
     * One renewal of the working master, on a {@link Renewals} thread: the keepalive at
     * {@code epoch}, then the lease and the table. A refusal that says another member is
     * master (STALE_EPOCH, NOT_MASTER) or a reply that names another one revokes the lease
     * and stops the work; any other failure (a timeout, an MVCC conflict, an unreachable
     * orderer) only leaves the lease to lapse, which holds back the fenced writes until a
     * later renewal commits.
     */
    private void renew(long epoch) {
        long sentAt = clock.getAsLong();
        JsonNode reply;
        try {
            reply = ledger.keepalive(config.memberId(), epoch);
        } catch (ChainException e) {
            refused(epoch, e);
            return;
        } catch (RuntimeException e) {
            LOG.info("member {}: keepalive at epoch {} failed: {}", config.memberId(), epoch, e.getMessage());
            return;
        }
        noteSlowKeepalive(epoch, sentAt);
        if (!reply.path("isMaster").asBoolean()) {
            lease.revoke();
            stepDown("the chain names " + reply.path("master").path("memberId").asText("no member") + " master");
            return;
        }
        boolean wasActing = lease.acting();
        if (lease.renewed(epoch, sentAt, validity()) && !wasActing && lease.acting()) {
            LOG.info("member {}: lease renewed at epoch {}; fenced writes resume", config.memberId(), epoch);
        }
        try {
            Instant wall = Instant.now();
            table = NeighbourTable.of(ledger.cluster(config.mspId()), wall, heard(wall));
        } catch (RuntimeException e) {
            LOG.debug("member {}: cannot read the cluster after a keepalive: {}", config.memberId(), e.getMessage());
        }
    }

    /** A keepalive refusal that means this member is no longer master at the epoch it sent. */
    static boolean deposes(ChainException e) {
        return e.is(ErrorCode.STALE_EPOCH) || e.is(ErrorCode.NOT_MASTER);
    }

    /**
     * Register ({@code first}) or Update at {@code epoch}; {@code expiredAt} is when the
     * master's lease ran out on chain (its last keepalive's transaction time + TTL), for the log.
     *
     * @return whether this member is master now
     */
    private boolean takeOver(long epoch, boolean first, Instant expiredAt) {
        long sentAt = clock.getAsLong();
        Instant sentWall = Instant.now();
        try {
            JsonNode master = first ? ledger.register(config.memberId()) : ledger.update(config.memberId(), epoch);
            long committed = clock.getAsLong();
            long next = master.path("epoch").asLong();
            lease.renewed(next, sentAt, validity());
            LOG.info("member {}: master of cluster {} at epoch {}: {} sent {} ms after the master's lease ran out on "
                    + "chain, committed in {} ms", config.memberId(), config.cluster(), next, first ? "Register"
                    : "Update", expiredAt == null ? 0 : Duration.between(expiredAt, sentWall).toMillis(),
                    (committed - sentAt) / 1_000_000);
            takeoverMarks = new long[] {sentAt, committed};
            becomeMaster(next);
            return true;
        } catch (ChainException e) {
            LOG.info("member {}: takeover from epoch {} refused: {}", config.memberId(), epoch, e.reason());
            return false;
        }
    }

    /**
     * A lapse alone holds back the fenced writes (the lease is the chain client's {@link
     * dev.weft.gateway.chain.Fence}); the work stops only when the lease is revoked or has
     * been lapsed for a whole TTL, when the chain may already have accepted a successor.
     */
    private void watchdog() {
        if (workingEpoch < 0) {
            return;
        }
        if (lease.mustStop(ttl)) {
            if (lease.held()) {
                lease.revoke();
                stepDown("its lease has been lapsed for a whole TTL (" + ttl + ") without a keepalive committed");
            } else {
                stepDown("its lease was revoked");
            }
            lapseLogged = false;
        } else if (!lease.acting()) {
            if (!lapseLogged) {
                lapseLogged = true;
                LOG.warn("member {}: lease lapsed at epoch {} (no keepalive committed in time); fenced writes "
                        + "are held back until the next renewal commits", config.memberId(), lease.epoch());
            }
        } else {
            lapseLogged = false;
        }
    }

    private synchronized void becomeMaster(long epoch) {
        if (workingEpoch == epoch) {
            return;
        }
        if (workingEpoch >= 0) {
            stopWork("epoch moved to " + epoch);
        }
        // A master is no standby: after it steps down, its first round logs its role again even when it is the
        // one it stood by as before its takeover (a deposed slave-turned-master is usually the slave again).
        standbyRole = null;
        workingEpoch = epoch;
        role.execute(() -> {
            if (workingEpoch == epoch && lease.held() && lease.epoch() == epoch) {
                LOG.info("member {}: {} at epoch {}", config.memberId(), STARTING_SCHEDULER, epoch);
                long entered = clock.getAsLong();
                work.start(epoch);
                long started = clock.getAsLong();
                long[] marks = takeoverMarks;
                takeoverMarks = null;
                if (marks != null) {
                    LOG.info("member {}: {} epoch={} updateSent={} updateCommitted={} schedulerStarted={} "
                            + "(scheduler start {} ms)", config.memberId(), TAKEOVER_TIMING, epoch, marks[0], marks[1],
                            started, (started - entered) / 1_000_000);
                }
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

    /** The member-to-member keepalives, when started with peer members (else null). */
    public PeerKeepalives peers() {
        return peers;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        renewals.close();
        if (peers != null) {
            peers.close();
        }
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
