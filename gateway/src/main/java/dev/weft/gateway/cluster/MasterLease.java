package dev.weft.gateway.cluster;

import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.Fence;
import dev.weft.gateway.task.TaskLedger;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A member's right to act as master, as the member itself sees it. A keepalive
 * committed under the current epoch renews it until {@code sentAt + validity},
 * where {@code sentAt} is taken before the keepalive was sent (so the chain's
 * record of it is no earlier) and {@code validity} is shorter than the cluster's
 * TTL: a master that cannot renew stops submitting by itself before the chain would
 * let a successor take over (no two acting masters, even without fencing). The clock
 * is monotonic, so a paused process (SIGSTOP) finds its lease lapsed when it resumes.
 *
 * <p>A lapse and a revocation are different things. While the lease is <em>lapsed</em>
 * (held, but past {@code until}) the {@link Fence} refuses every fenced write, and the
 * subtask runner retries them; the member keeps renewing at its epoch, and the next
 * renewal that commits resumes the writes where they stopped (a slow commit costs a
 * pause, not a scheduler restart with recovery). Only a <em>revocation</em> (the chain
 * names another master, or says the epoch is stale) or a lapse of a whole TTL
 * ({@link #lapsedFor()}, when a successor may exist) makes the member stop its work.
 * A renewal sent before a revocation never brings the lease back.
 *
 * <pre>{@code
 * MasterLease lease = new MasterLease(System::nanoTime);
 * ChainClient chain = ChainClient.connect(config, RetryPolicy.DEFAULT, lease);
 * lease.renewed(epoch, sentAtNanos, Duration.ofSeconds(4));   // after a keepalive committed as master
 * }</pre>
 */
public final class MasterLease implements Fence {
    /** The writes a gateway makes for its organisation, which only the acting master may send. */
    public static final Set<String> FENCED = Set.of(TaskLedger.SUBMIT_RESULT, TaskLedger.SUBMIT_COLLABORATIVE_RESULT,
            TaskLedger.REPORT_FAILURE, TaskLedger.SUBMIT_RESULTS, "cluster:ReportConsensusError");

    private final LongSupplier clock;
    private long epoch;
    private long until;
    private boolean held;
    private boolean revokedOnce;
    private long revokedAt;

    public MasterLease(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    /**
     * A keepalive, Register or Update sent at {@code sentAtNanos} committed with this
     * member as master at {@code masterEpoch}: acting until {@code sentAtNanos + validity}
     * (never earlier than a later renewal of the same epoch already said). Ignored, and
     * false returned, when the renewal was sent before the last {@link #revoke()} (a slow
     * keepalive that overtook the refusal that deposed this member) or is of an older epoch
     * than the one held.
     */
    public synchronized boolean renewed(long masterEpoch, long sentAtNanos, Duration validity) {
        if (!held && revokedOnce && sentAtNanos - revokedAt < 0) {
            return false;
        }
        if (held && masterEpoch < epoch) {
            return false;
        }
        long next = sentAtNanos + validity.toNanos();
        if (!held || masterEpoch != epoch || next - until > 0) {
            until = next;
        }
        epoch = masterEpoch;
        held = true;
        return true;
    }

    /** The chain says another member is master (or this one's epoch is stale), or the member gives up. */
    public synchronized void revoke() {
        held = false;
        revokedOnce = true;
        revokedAt = clock.getAsLong();
    }

    /** Whether this member holds the lease at {@link #epoch()}, acting or lapsed. */
    public synchronized boolean held() {
        return held;
    }

    /** How long the held lease has been lapsed (zero while acting or when not held). */
    public synchronized Duration lapsedFor() {
        if (!held) {
            return Duration.ZERO;
        }
        long past = clock.getAsLong() - until;
        return past < 0 ? Duration.ZERO : Duration.ofNanos(past);
    }

    /**
     * Whether a member working as master must stop its work: the lease is not held (revoked),
     * or it has been lapsed for at least {@code ttl} — from then on the chain may have accepted
     * a successor's Update, so what the member had started is given up and started afresh if
     * the chain still names it master.
     */
    public synchronized boolean mustStop(Duration ttl) {
        return !held || lapsedFor().compareTo(ttl) >= 0;
    }

    public synchronized boolean acting() {
        return held && clock.getAsLong() - until < 0;
    }

    public synchronized long epoch() {
        return epoch;
    }

    @Override
    public Optional<Long> epochFor(String function) {
        if (!FENCED.contains(function)) {
            return Optional.empty();
        }
        synchronized (this) {
            if (!acting()) {
                throw new ChainException(ChainException.Stage.ENDORSE, ErrorCode.NOT_MASTER.name(), null,
                        "this gateway is not its cluster's acting master (its lease "
                                + (held ? "lapsed" : "is not held") + "); " + function + " not sent", null);
            }
            return Optional.of(epoch);
        }
    }
}
