package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a cluster member becomes master (S4.3, S4.5): the Register of a cluster's first
 * master or the Update that compare-and-sets the epoch once the master aged out on chain,
 * the lease the committed takeover grants, and the start of the master's work on
 * {@link MasterRole}'s thread, which logs {@link Member#TAKEOVER_TIMING} once it returned.
 * The member makes itself master ({@link #becomeMaster}) after a takeover that committed.
 */
final class MasterTakeover {
    private static final Logger LOG = LoggerFactory.getLogger(MasterTakeover.class);

    private final Member.Config config;
    private final ClusterLedger ledger;
    private final MasterLease lease;
    private final MasterRenewal renewal;
    private final MasterRole role;
    private final LongSupplier clock;
    /** Send and commit of the takeover that made this member master, until its scheduler start logs them. */
    private volatile long[] takeoverMarks;

    MasterTakeover(Member.Config config, ClusterLedger ledger, MasterLease lease, MasterRenewal renewal,
            MasterRole role, LongSupplier clock) {
        this.config = config;
        this.ledger = ledger;
        this.lease = lease;
        this.renewal = renewal;
        this.role = role;
        this.clock = clock;
    }

    /**
     * Register ({@code first}) or Update at {@code epoch}; {@code expiredAt} is when the
     * master's lease ran out on chain (its last keepalive's transaction time + TTL), for the log.
     *
     * @return the epoch this member is master at now, or -1 if the chain refused the takeover
     */
    long attempt(long epoch, boolean first, Instant expiredAt) {
        long sentAt = clock.getAsLong();
        Instant sentWall = Instant.now();
        try {
            JsonNode master = first ? ledger.register(config.memberId()) : ledger.update(config.memberId(), epoch);
            long committed = clock.getAsLong();
            long next = master.path("epoch").asLong();
            lease.renewed(next, sentAt, renewal.validity());
            LOG.info("member {}: master of cluster {} at epoch {}: {} sent {} ms after the master's lease ran out on "
                    + "chain, committed in {} ms", config.memberId(), config.cluster(), next, first ? "Register"
                    : "Update", expiredAt == null ? 0 : Duration.between(expiredAt, sentWall).toMillis(),
                    (committed - sentAt) / 1_000_000);
            takeoverMarks = new long[] {sentAt, committed};
            return next;
        } catch (ChainException e) {
            LOG.info("member {}: takeover from epoch {} refused: {}", config.memberId(), epoch, e.reason());
            return -1;
        }
    }

    /** Runs the master's work at {@code epoch} (a no-op if it already runs there) while the lease holds it. */
    void becomeMaster(long epoch) {
        role.enter(epoch, e -> lease.held() && lease.epoch() == e, this::startAsMaster);
    }

    /** On the role thread: the scheduler's start, and the takeover's timing once it returned. */
    private void startAsMaster(long epoch) {
        LOG.info("member {}: {} at epoch {}", config.memberId(), Member.STARTING_SCHEDULER, epoch);
        long entered = clock.getAsLong();
        role.startWork(epoch);
        long started = clock.getAsLong();
        long[] marks = takeoverMarks;
        takeoverMarks = null;
        if (marks != null) {
            LOG.info("member {}: {} epoch={} updateSent={} updateCommitted={} schedulerStarted={} "
                    + "(scheduler start {} ms)", config.memberId(), Member.TAKEOVER_TIMING, epoch, marks[0], marks[1],
                    started, (started - entered) / 1_000_000);
        }
    }
}
