package dev.weft.gateway.cluster;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.transport.TlsMaterial;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
 * The master's keepalives and its lease are {@link MasterRenewal}'s, the Register or
 * Update and the work's start {@link MasterTakeover}'s, the work's start and stop run on
 * {@link MasterRole}'s thread; this class holds the rounds and the election: each round's
 * neighbour table ({@link Election}), the standby role, and when to take over.
 *
 * <pre>{@code
 * MasterLease lease = new MasterLease(System::nanoTime);
 * ChainClient chain = ChainClient.connect(config, RetryPolicy.DEFAULT, lease);
 * try (Member m = Member.start(new Member.Config("Org1MSP", "org1", "a", null), chain, lease, work)) { … }
 * }</pre>
 */
public final class Member implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Member.class);

    /**
     * @param priority    the priority this member was started with; checked against its enrolment
     *                    (null: take the enrolled one)
     * @param keepalive   the cadence (null: a third of the cluster's TTL)
     * @param peerMembers the other members' cluster ports ({@code --peer-members}); empty: liveness from the
     *                    chain only, every member sending keepalive transactions
     * @param peerTls     the organisation's TLS identity for the member-to-member port (with peerMembers)
     */
    public record Config(String mspId, String cluster, String memberId, Integer priority, Duration keepalive,
            List<String> peerMembers, TlsMaterial peerTls) {
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
    private final MasterRole role;
    private final MasterRenewal renewal;
    private final MasterTakeover takeover;
    private final Election election;
    private final LongSupplier clock = System::nanoTime;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2,
            MasterRole.daemons("weft-member"));
    private final Duration ttl;
    private final Duration interval;
    private final Enrolment enrolment;
    private volatile NeighbourTable table;
    private PeerKeepalives peers;
    /** The first round is not quiet: a member shows its presence on chain at once. */
    private int quietRounds = PRESENCE_EVERY - 1;
    /** The master row's expiry a MASTER_ALIVE refusal made this member look again for (one look per expiry). */
    private Instant relookedFor;
    private final Object tickLock = new Object();
    private volatile String standbyRole;

    private Member(Config config, ChainClient chain, MasterLease lease, MasterWork work) {
        this.config = config;
        this.ledger = new ClusterLedger(chain);
        this.lease = lease;
        this.enrolment = Enrolment.check(config, ledger.cluster(config.mspId()));
        this.ttl = enrolment.ttl();
        this.interval = enrolment.interval();
        this.election = new Election(config.memberId(), () -> peers, ttl, clock);
        this.role = new MasterRole(config.memberId(), work, "weft-member-role");
        this.renewal = new MasterRenewal(config.memberId(), ledger, lease, clock, enrolment, this::stepDown,
                this::readTable);
        this.takeover = new MasterTakeover(config, ledger, lease, renewal, role, clock);
    }

    public static Member start(Config config, ChainClient chain, MasterLease lease, MasterWork work) {
        Member m = new Member(config, chain, lease, work);
        if (!config.peerMembers().isEmpty()) {
            m.peers = PeerKeepalives.start(m::row, m.enrolment.port(), config.peerMembers(), config.peerTls(),
                    m.interval, m.clock);
        }
        // At a fixed rate, not a fixed delay: a master's renewals are sent every interval, however long
        // each round's chain calls take (with a fixed delay the period grew by every round's duration,
        // and a loaded machine let the lease lapse between two renewals that each committed in time).
        m.timer.scheduleAtFixedRate(m::tickSafely, 0, m.interval.toMillis(), TimeUnit.MILLISECONDS);
        m.timer.scheduleWithFixedDelay(() -> m.renewal.watch(m.role.workingEpoch()), 100, 100,
                TimeUnit.MILLISECONDS);
        LOG.info("member {} of cluster {} ({}) started: TTL {}, keepalive every {}", config.memberId(),
                config.cluster(), config.mspId(), m.ttl, m.interval);
        return m;
    }

    /** The last neighbour table this member computed (null before its first keepalive). */
    public NeighbourTable table() {
        return table;
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
        return new PeerKeepalives.Row(config.mspId(), config.cluster(), config.memberId(), enrolment.row().priority(),
                enrolment.row().address(), t == null ? "ORDINARY" : roleIn(t), lease.epoch());
    }

    /** This member's role in {@code t} (ORDINARY if the table does not list it). */
    private String roleIn(NeighbourTable t) {
        return t.neighbours().stream().filter(n -> n.memberId().equals(config.memberId()))
                .map(n -> n.role().name()).findFirst().orElse("ORDINARY");
    }

    private void tick() {
        // The working master (acting, or lapsed for less than a TTL) renews under the epoch it holds, on a
        // thread of its own, and this round goes on at once; a forced switch or a successor's Update makes
        // that epoch stale, which the keepalive's reply says. The others read the table first.
        if (lease.held() && role.workingEpoch() == lease.epoch()) {
            renewal.renewAside(lease.epoch());
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
            MasterRenewal.Sent sent = renewal.keepalive(epoch);
            if (sent == null) {
                return;
            }
            isMaster = sent.isMaster();
            if (isMaster) {
                lease.renewed(epoch, sent.at(), renewal.validity());
                becomeMaster(epoch);
            } else {
                lease.revoke();
                stepDown("the chain names " + sent.master() + " master");
            }
            view = ledger.cluster(config.mspId());
        }
        Instant wall = Instant.now();
        NeighbourTable now = election.table(view, wall);
        table = now;
        if (isMaster) {
            standbyRole = null;
            return;
        }
        noteStandby(now, view.master().epoch());
        if (!view.master().hasMaster() && config.memberId().equals(election.firstMaster(view, wall))) {
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

    /** After a renewal: the table as the chain and the peers show it now. */
    private void readTable() {
        try {
            Instant wall = Instant.now();
            table = election.table(ledger.cluster(config.mspId()), wall);
        } catch (RuntimeException e) {
            LOG.debug("member {}: cannot read the cluster after a keepalive: {}", config.memberId(), e.getMessage());
        }
    }

    /** Logs {@link #STANDING_BY} when this member's role as a non-master changed since the last round. */
    private void noteStandby(NeighbourTable now, long epoch) {
        String mine = roleIn(now);
        if (!mine.equals(standbyRole)) {
            standbyRole = mine;
            LOG.info("member {}: {} {} at epoch {}", config.memberId(), STANDING_BY, mine, epoch);
        }
    }

    /**
     * Register ({@code first}) or Update at {@code epoch} ({@link MasterTakeover}); once it
     * committed, this member is master.
     *
     * @return whether this member is master now
     */
    private boolean takeOver(long epoch, boolean first, Instant expiredAt) {
        long next = takeover.attempt(epoch, first, expiredAt);
        if (next < 0) {
            return false;
        }
        becomeMaster(next);
        return true;
    }

    private void becomeMaster(long epoch) {
        // A master is no standby: after it steps down, its first round logs its role again even when it is the
        // one it stood by as before its takeover (a deposed slave-turned-master is usually the slave again).
        if (role.workingEpoch() != epoch) {
            standbyRole = null;
        }
        takeover.becomeMaster(epoch);
    }

    private void stepDown(String why) {
        role.leave(why, epoch -> { });
    }

    /** The member-to-member keepalives, when started with peer members (else null). */
    public PeerKeepalives peers() {
        return peers;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        renewal.close();
        if (peers != null) {
            peers.close();
        }
        lease.revoke();
        stepDown("shutting down");
        role.close();
    }
}
