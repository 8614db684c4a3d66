package dev.weft.chaincode.gov;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Counts a proposal's votes and decides it. A proposal is decided as soon as
 * the outcome is certain — passed even if every outstanding voter voted no,
 * or rejected even if every one voted yes — or, failing that, once its deadline
 * has certainly passed (deadline plus the peer's time window): EXPIRED when the quorum was not reached, else PASSED or REJECTED
 * by the threshold. Pure: the same votes and time always give the same decision.
 */
final class Tally {
    private Tally() {
    }

    static int quorumVotes(int quorumBps, int eligible) {
        return (int) (((long) quorumBps * eligible + 9_999) / 10_000);
    }

    /**
     * {@code deadlinePassed}: whether the deadline has certainly passed, with the
     * peer's time window as margin ({@link dev.weft.chaincode.ledger.Ledger#certainlyPassed}),
     * so a tally stamped ahead cannot cut voting short.
     */
    static Decision decide(Proposal p, List<Vote> votes, Instant now, boolean deadlinePassed, String txId) {
        int yes = 0;
        int no = 0;
        int abstain = 0;
        for (Vote v : votes) {
            switch (Vote.Choice.valueOf(v.choice())) {
                case YES -> yes++;
                case NO -> no++;
                case ABSTAIN -> abstain++;
            }
        }
        Counts c = new Counts(yes, no, abstain, p.voters().count(), p.quorumVotes(), p.thresholdBps());
        int remaining = c.eligible - c.cast();
        boolean closed = remaining <= 0 || deadlinePassed;
        if (closed) {
            if (c.cast() < c.quorum) {
                return c.decision(Proposal.Status.EXPIRED.name(), String.format(Locale.ROOT,
                        "quorum not reached: %d of %d required votes cast by the deadline (%s)",
                        c.cast(), c.quorum, c.summary()), now, txId);
            }
            if (yes + no == 0) {
                return c.decision(Proposal.Status.REJECTED.name(), "no yes or no votes ("
                        + c.summary() + ")", now, txId);
            }
            return meets(yes, no, c.threshold)
                    ? c.decision(Proposal.Status.PASSED.name(), "passed: " + c.yesShare() + c.rule(), now, txId)
                    : c.decision(Proposal.Status.REJECTED.name(), "threshold not met: " + c.yesShare() + c.rule(),
                            now, txId);
        }
        if (c.cast() >= c.quorum && meets(yes, no + remaining, c.threshold)) {
            return c.decision(Proposal.Status.PASSED.name(), "passed before the deadline: " + c.yesShare() + c.rule()
                    + "; the " + remaining + " outstanding vote(s) cannot change it", now, txId);
        }
        if (!meets(yes + remaining, no, c.threshold)) {
            return c.decision(Proposal.Status.REJECTED.name(), "rejected before the deadline: " + c.yesShare()
                    + c.rule() + "; cannot pass even if the " + remaining + " outstanding vote(s) are yes", now, txId);
        }
        return c.decision(Decision.PENDING, String.format(Locale.ROOT,
                "undecided: %s; %d vote(s) outstanding until %s", c.yesShare(), remaining, p.deadline()), null, null);
    }

    /** Passes the threshold: yes is at least thresholdBps of the decisive (yes + no) votes. */
    static boolean meets(long yes, long no, int thresholdBps) {
        return yes + no > 0 && yes * 10_000L >= (long) thresholdBps * (yes + no);
    }

    private record Counts(int yes, int no, int abstain, int eligible, int quorum, int threshold) {
        int cast() {
            return yes + no + abstain;
        }

        String summary() {
            return yes + " yes, " + no + " no, " + abstain + " abstain";
        }

        String yesShare() {
            return yes + " of " + eligible + " voters voted yes (" + summary() + ")";
        }

        String rule() {
            return String.format(Locale.ROOT, "; threshold %d.%02d%% of yes+no, quorum %d of %d votes",
                    threshold / 100, threshold % 100, quorum, eligible);
        }

        Decision decision(String outcome, String reason, Instant at, String txId) {
            return new Decision(outcome, reason, yes, no, abstain, eligible, quorum,
                    at == null ? null : at.toString(), txId);
        }
    }
}
