package dev.weft.gateway.scheduler;

import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.store.TaskKey;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a refused result or failure report means (issue 8). Endorsers of
 * other organisations may be behind the block the work came from and refuse it
 * with NOT_FOUND or CONFLICT although it is open; such a refusal is final only
 * when the gateway's own view, read at or past that block, agrees that the
 * attempt is finished or no longer open. A refusal that retrying cannot cure
 * (issue 9 item 10) is reported as such, for the caller to bound its tries.
 *
 * <pre>{@code
 * Refusals.Verdict v = new Refusals("Org1MSP", ChainView.of(chain)).judge(entry.key(), entry.blockNumber(), e);
 * }</pre>
 */
final class Refusals {
    /** Refusals no retry can cure: the request itself is wrong or not allowed. */
    static final Set<ErrorCode> PERMANENT = EnumSet.of(ErrorCode.TOO_LARGE, ErrorCode.BAD_REQUEST, ErrorCode.FORBIDDEN);
    /** Refusals that a lagging endorser gives for open work, to be checked against the own view. */
    static final Set<ErrorCode> STATE_DEPENDENT = EnumSet.of(ErrorCode.NOT_FOUND, ErrorCode.CONFLICT);

    /** What to do with the entry. */
    enum Kind {
        /** Finished or no longer open on chain: drop the entry. */
        SETTLED,
        /** The own view says it is open (or cannot say yet): retry with backoff, the endorsers are behind. */
        BEHIND,
        /** Retrying cannot cure it: retry a bounded number of times, then set it aside. */
        PERMANENT,
        /** Anything else (unreachable peers, conflicts of the commit): retry. */
        RETRY
    }

    /** A decision and why, for the log. */
    record Verdict(Kind kind, String why) {
    }

    private final String mspId;
    private final ChainView view;

    Refusals(String mspId, ChainView view) {
        this.mspId = mspId;
        this.view = view;
    }

    /** What the refusal {@code e} of attempt {@code key}, taken from block {@code fromBlock}, means. */
    Verdict judge(TaskKey key, long fromBlock, ChainException e) {
        String code = e.code();
        ErrorCode refusal = e.errorCode().orElse(null);
        if (refusal == ErrorCode.ALREADY_EXISTS) {
            // Endorsers only show committed state: our result or report is there, at any height.
            return new Verdict(Kind.SETTLED, "already recorded on chain");
        }
        if (refusal != null && PERMANENT.contains(refusal)) {
            return new Verdict(Kind.PERMANENT, code + " cannot be cured by retrying");
        }
        if (refusal == null || !STATE_DEPENDENT.contains(refusal)) {
            return new Verdict(Kind.RETRY, code);
        }
        return ownView(key, fromBlock);
    }

    /**
     * The own view of attempt {@code key}: SETTLED when, at a height past
     * {@code fromBlock}, the attempt is finished, superseded or already has this
     * organisation's result; BEHIND otherwise.
     */
    Verdict ownView(TaskKey key, long fromBlock) {
        long height;
        Optional<ChainView.SubtaskState> state;
        try {
            height = view.height();
            if (height <= fromBlock) {
                return new Verdict(Kind.BEHIND, "own peer is at height " + height + ", not yet past block " + fromBlock);
            }
            state = view.subtask(key.taskId(), key.subtaskId());
        } catch (ChainException | IllegalStateException unreadable) {
            return new Verdict(Kind.BEHIND, "cannot read the own view (" + unreadable.getMessage() + ")");
        }
        if (state.isEmpty()) {
            return new Verdict(Kind.BEHIND, "own peer (height " + height + ") does not have the task yet");
        }
        ChainView.SubtaskState s = state.get();
        if (s.attempt() > key.attempt()) {
            return new Verdict(Kind.SETTLED, "own view: the subtask is at attempt " + s.attempt());
        }
        if (s.attempt() == key.attempt()) {
            if ("COMPLETED".equals(s.status()) || "FAILED".equals(s.status())) {
                return new Verdict(Kind.SETTLED, "own view: attempt " + s.attempt() + " is " + s.status());
            }
            if ("READY".equals(s.status()) && s.returnedBy(mspId, key.attempt())) {
                return new Verdict(Kind.SETTLED, "own view: " + mspId + " already returned attempt " + s.attempt());
            }
        }
        return new Verdict(Kind.BEHIND, "own view at height " + height + ": " + s.status() + " at attempt "
                + s.attempt() + "; endorsers are behind");
    }
}
