package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster member's on-chain lease (S4.1, S4.4): its keepalive transactions, what their
 * replies and refusals mean for its {@link MasterLease}, the working master's renewals on
 * threads of their own ({@link Renewals}, at most three in flight, so one slow commit
 * never delays the next renewal), and the watchdog that stops the work once the lease has
 * been lapsed for a whole TTL.
 */
final class MasterRenewal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterRenewal.class);

    /** A keepalive the chain accepted: when it was sent ({@link System#nanoTime}) and the chain's reply. */
    record Sent(long at, JsonNode reply) {
        boolean isMaster() {
            return reply.path("isMaster").asBoolean();
        }

        /** The master the reply names, for the log. */
        String master() {
            return reply.path("master").path("memberId").asText("no member");
        }
    }

    private final String memberId;
    private final ClusterLedger ledger;
    private final MasterLease lease;
    private final LongSupplier clock;
    private final Duration ttl;
    private final Duration interval;
    private final Consumer<String> stepDown;
    private final Runnable afterRenewal;
    private final Renewals renewals = new Renewals(Renewals.MAX_IN_FLIGHT, "weft-member-renewal");
    private volatile boolean lapseLogged;

    /**
     * @param stepDown     stops the member's work, for the reason given
     * @param afterRenewal run after each renewal that kept the lease (the member reads its table again)
     */
    MasterRenewal(String memberId, ClusterLedger ledger, MasterLease lease, LongSupplier clock, Enrolment enrolment,
            Consumer<String> stepDown, Runnable afterRenewal) {
        this.memberId = memberId;
        this.ledger = ledger;
        this.lease = lease;
        this.clock = clock;
        this.ttl = enrolment.ttl();
        this.interval = enrolment.interval();
        this.stepDown = stepDown;
        this.afterRenewal = afterRenewal;
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
    Duration validity() {
        return ttl.minus(interval.dividedBy(2));
    }

    /**
     * One keepalive at {@code epoch}, on the caller's thread.
     *
     * @return the accepted keepalive, or null if the chain refused it (a refusal that names
     *         another master has deposed this one)
     */
    Sent keepalive(long epoch) {
        long sentAt = clock.getAsLong();
        JsonNode reply;
        try {
            reply = ledger.keepalive(memberId, epoch);
        } catch (ChainException e) {
            refused(epoch, e);
            return null;
        }
        noteSlowKeepalive(epoch, sentAt);
        return new Sent(sentAt, reply);
    }

    /** Sends the working master's renewal at {@code epoch} on a thread of its own, unless too many are in flight. */
    void renewAside(long epoch) {
        if (!renewals.submit(() -> renew(epoch))) {
            LOG.info("member {}: {} keepalives at epoch {} still in flight; this round sends none",
                    memberId, renewals.inFlight(), epoch);
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
        Sent sent;
        try {
            sent = keepalive(epoch);
        } catch (RuntimeException e) {
            LOG.info("member {}: keepalive at epoch {} failed: {}", memberId, epoch, e.getMessage());
            return;
        }
        if (sent == null) {
            return;
        }
        if (!sent.isMaster()) {
            lease.revoke();
            stepDown.accept("the chain names " + sent.master() + " master");
            return;
        }
        boolean wasActing = lease.acting();
        if (lease.renewed(epoch, sent.at(), validity()) && !wasActing && lease.acting()) {
            LOG.info("member {}: lease renewed at epoch {}; fenced writes resume", memberId, epoch);
        }
        afterRenewal.run();
    }

    /** A keepalive the chain refused: a refusal that names another master deposes this one. */
    private void refused(long epoch, ChainException e) {
        LOG.info("member {}: keepalive at epoch {} refused: {}", memberId, epoch, e.reason());
        if (deposes(e)) {
            lease.revoke();
            stepDown.accept("its epoch " + epoch + " is stale (" + e.code() + ")");
        }
    }

    /** A keepalive refusal that means this member is no longer master at the epoch it sent. */
    static boolean deposes(ChainException e) {
        return e.is(ErrorCode.STALE_EPOCH) || e.is(ErrorCode.NOT_MASTER);
    }

    /** Logs a keepalive that used more than half of a renewal's budget to commit. */
    private void noteSlowKeepalive(long epoch, long sentAt) {
        long tookMillis = (clock.getAsLong() - sentAt) / 1_000_000;
        long budget = validity().minus(interval).toMillis();
        if (tookMillis > budget / 2) {
            LOG.info("member {}: keepalive at epoch {} took {} ms to commit (a renewal has {} ms)",
                    memberId, epoch, tookMillis, budget);
        }
    }

    /**
     * The watchdog, every 100 ms while the work runs at {@code workingEpoch} (≥ 0). A lapse
     * alone holds back the fenced writes (the lease is the chain client's {@link
     * dev.weft.gateway.chain.Fence}); the work stops only when the lease is revoked or has
     * been lapsed for a whole TTL, when the chain may already have accepted a successor.
     */
    void watch(long workingEpoch) {
        if (workingEpoch < 0) {
            return;
        }
        if (lease.mustStop(ttl)) {
            if (lease.held()) {
                lease.revoke();
                stepDown.accept("its lease has been lapsed for a whole TTL (" + ttl + ") without a keepalive "
                        + "committed");
            } else {
                stepDown.accept("its lease was revoked");
            }
            lapseLogged = false;
        } else if (!lease.acting()) {
            if (!lapseLogged) {
                lapseLogged = true;
                LOG.warn("member {}: lease lapsed at epoch {} (no keepalive committed in time); fenced writes "
                        + "are held back until the next renewal commits", memberId, lease.epoch());
            }
        } else {
            lapseLogged = false;
        }
    }

    @Override
    public void close() {
        renewals.close();
    }
}
