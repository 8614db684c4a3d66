package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import java.util.Optional;
import java.util.Set;

/**
 * The governance settings: the default voters, threshold and quorum, the
 * voting period, and how long a grant stays valid. Written once by
 * {@code gov:Bootstrap}, changed afterwards only by an UPDATE_GOVERNANCE
 * operation that passed a vote. A proposal copies what it needs when it is made,
 * so a change never alters the rules of a proposal already open.
 *
 * <p>Rules, all in basis points (1/100 of a percent):
 * <ul>
 *   <li>{@code quorumBps}: at least {@code ceil(quorumBps × voters / 10000)} votes
 *       (yes, no or abstain) must be cast;</li>
 *   <li>{@code thresholdBps}: passed when {@code yes × 10000 ≥ thresholdBps × (yes + no)};
 *       abstentions count for the quorum only. The default 5001 is "more than half".</li>
 * </ul>
 *
 * <pre>{"voters":{"orgs":["Org1MSP","Org2MSP","Org3MSP"]},"thresholdBps":5001,"quorumBps":5001,
 *  "votingPeriodSeconds":86400,"maxVotingPeriodSeconds":2592000,"grantValiditySeconds":86400,"minVoters":3,
 *  "governTaskDefinitions":false,"consensusErrorThreshold":3,"consensusErrorWindowSeconds":600}</pre>
 *
 * <p>Any omitted field takes its default; omitted voters are every member
 * organisation; {@code minVoters} (default: all voters) is the smallest voter set
 * a proposal may narrow to. Minimums no settings can lower: threshold and
 * quorum above half (5001 bps), voters speaking for a majority of the member
 * organisations, {@code minVoters} at least that majority. {@code revision}, {@code updatedAt}, {@code updatedTx}
 * and {@code proposalId} are set by the chaincode.
 *
 * <p>{@code consensusErrorThreshold} and {@code consensusErrorWindowSeconds} (S4.7): a
 * gateway cluster's master is force-switched once that many consensus-error reports
 * against it were filed within that many seconds (transaction time).
 */
public record GovernanceSettings(VoterSet voters, Integer thresholdBps, Integer quorumBps, Long votingPeriodSeconds,
        Long maxVotingPeriodSeconds, Long grantValiditySeconds, Integer minVoters, Boolean governTaskDefinitions,
        Integer consensusErrorThreshold, Long consensusErrorWindowSeconds, Long revision, String updatedAt,
        String updatedTx, String proposalId) {
    public static final int DEFAULT_THRESHOLD_BPS = 5001;
    public static final int DEFAULT_QUORUM_BPS = 5001;
    public static final long DEFAULT_VOTING_PERIOD_SECONDS = 86_400;
    public static final long DEFAULT_MAX_VOTING_PERIOD_SECONDS = 30 * 86_400;
    public static final long DEFAULT_GRANT_VALIDITY_SECONDS = 86_400;
    static final long MIN_PERIOD_SECONDS = 60;
    /** More than half: a minority can never pass anything, whatever the settings say. */
    static final int MIN_THRESHOLD_BPS = 5001;
    /** More than half of the voters must vote for any decision. */
    static final int MIN_QUORUM_BPS = 5001;
    /** A grant is usable until the peer's time window before it expires, so it must outlast that window. */
    static final long MIN_GRANT_VALIDITY_SECONDS = Ledger.TIME_WINDOW.toSeconds() + MIN_PERIOD_SECONDS;
    static final long MAX_PERIOD_SECONDS = 365 * 86_400;
    static final String KEY_TYPE = "weft.gov.settings";
    public static final int DEFAULT_CONSENSUS_ERROR_THRESHOLD = 3;
    public static final long DEFAULT_CONSENSUS_ERROR_WINDOW_SECONDS = 600;
    static final int MAX_CONSENSUS_ERROR_THRESHOLD = 1000;
    static final long MIN_CONSENSUS_ERROR_WINDOW_SECONDS = 10;

    /** Reports against a cluster's master, within the window, that force a switch (S4.7). */
    public static int consensusErrorThreshold(Ledger ledger) {
        return load(ledger).map(GovernanceSettings::consensusErrorThreshold)
                .orElse(DEFAULT_CONSENSUS_ERROR_THRESHOLD);
    }

    /** The window, in seconds of transaction time, over which consensus-error reports are counted (S4.7). */
    public static long consensusErrorWindowSeconds(Ledger ledger) {
        return load(ledger).map(GovernanceSettings::consensusErrorWindowSeconds)
                .orElse(DEFAULT_CONSENSUS_ERROR_WINDOW_SECONDS);
    }

    public static Optional<GovernanceSettings> load(Ledger ledger) {
        return ledger.get(key(ledger), GovernanceSettings.class);
    }

    public static GovernanceSettings require(Ledger ledger) {
        return load(ledger).orElseThrow(() -> WeftException.of(ErrorCode.NOT_INITIALISED,
                "governance is not bootstrapped; run gov:Bootstrap"));
    }

    static String key(Ledger ledger) {
        return ledger.key(KEY_TYPE);
    }

    /** Defaults filled in and every rule checked; bookkeeping fields are the chaincode's, not the caller's. */
    GovernanceSettings normalised(Set<String> members, long newRevision, Ledger ledger, String byProposal) {
        VoterSet v = (voters == null ? new VoterSet(java.util.List.copyOf(members), null) : voters).normalised(members);
        int threshold = thresholdBps == null ? DEFAULT_THRESHOLD_BPS : thresholdBps;
        int quorum = quorumBps == null ? DEFAULT_QUORUM_BPS : quorumBps;
        long maxPeriod = maxVotingPeriodSeconds == null ? DEFAULT_MAX_VOTING_PERIOD_SECONDS : maxVotingPeriodSeconds;
        long period = votingPeriodSeconds == null ? Math.min(DEFAULT_VOTING_PERIOD_SECONDS, maxPeriod)
                : votingPeriodSeconds;
        long validity = grantValiditySeconds == null ? DEFAULT_GRANT_VALIDITY_SECONDS : grantValiditySeconds;
        int min = minVoters == null ? v.count() : minVoters;
        int errors = consensusErrorThreshold == null ? DEFAULT_CONSENSUS_ERROR_THRESHOLD : consensusErrorThreshold;
        long errorWindow = consensusErrorWindowSeconds == null ? DEFAULT_CONSENSUS_ERROR_WINDOW_SECONDS
                : consensusErrorWindowSeconds;
        requireRange("consensusErrorThreshold", errors, 1, MAX_CONSENSUS_ERROR_THRESHOLD);
        requireRange("consensusErrorWindowSeconds", errorWindow, MIN_CONSENSUS_ERROR_WINDOW_SECONDS,
                MAX_PERIOD_SECONDS);
        requireRange("thresholdBps", threshold, MIN_THRESHOLD_BPS, 10_000);
        requireRange("quorumBps", quorum, MIN_QUORUM_BPS, 10_000);
        int majority = members.size() / 2 + 1;
        if (v.organisations().size() < majority) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "the voters must speak for a majority (%d) of the %d member "
                    + "organisations", majority, members.size());
        }
        requireRange("maxVotingPeriodSeconds", maxPeriod, MIN_PERIOD_SECONDS, MAX_PERIOD_SECONDS);
        requireRange("votingPeriodSeconds", period, MIN_PERIOD_SECONDS, maxPeriod);
        requireRange("grantValiditySeconds", validity, MIN_GRANT_VALIDITY_SECONDS, MAX_PERIOD_SECONDS);
        requireRange("minVoters", min, Math.min(majority, v.count()), v.count());
        return new GovernanceSettings(v, threshold, quorum, period, maxPeriod, validity, min,
                Boolean.TRUE.equals(governTaskDefinitions), errors, errorWindow, newRevision, ledger.txTime().toString(), ledger.txId(),
                byProposal);
    }

    /** The settings without the chaincode's bookkeeping: what organisations confirm or a proposal carries. */
    GovernanceSettings content() {
        return new GovernanceSettings(voters, thresholdBps, quorumBps, votingPeriodSeconds, maxVotingPeriodSeconds,
                grantValiditySeconds, minVoters, governTaskDefinitions, consensusErrorThreshold,
                consensusErrorWindowSeconds, null, null, null, null);
    }

    static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s must be %d..%d, was %d", field, min, max, value);
        }
    }
}
