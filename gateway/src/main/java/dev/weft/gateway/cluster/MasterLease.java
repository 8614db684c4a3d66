package dev.weft.gateway.cluster;

import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.Fence;
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
 * <pre>{@code
 * MasterLease lease = new MasterLease(System::nanoTime);
 * ChainClient chain = ChainClient.connect(config, RetryPolicy.DEFAULT, lease);
 * lease.renewed(epoch, sentAtNanos, Duration.ofSeconds(4));   // after a keepalive committed as master
 * }</pre>
 */
public final class MasterLease implements Fence {
    /** The writes a gateway makes for its organisation, which only the acting master may send. */
    public static final Set<String> FENCED = Set.of("task:SubmitResult", "task:SubmitCollaborativeResult",
            "task:ReportFailure", "cluster:ReportConsensusError");

    private final LongSupplier clock;
    private long epoch;
    private long until;
    private boolean held;

    public MasterLease(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    /**
     * A keepalive, Register or Update sent at {@code sentAtNanos} committed with this
     * member as master at {@code masterEpoch}: acting until {@code sentAtNanos + validity}
     * (never earlier than a later renewal of the same epoch already said).
     */
    public synchronized void renewed(long masterEpoch, long sentAtNanos, Duration validity) {
        long next = sentAtNanos + validity.toNanos();
        if (!held || masterEpoch != epoch || next - until > 0) {
            until = next;
        }
        epoch = masterEpoch;
        held = true;
    }

    /** The chain says another member is master (or this one's epoch is stale). */
    public synchronized void revoke() {
        held = false;
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
