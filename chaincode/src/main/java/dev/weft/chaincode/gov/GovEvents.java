package dev.weft.chaincode.gov;

import java.util.List;

/**
 * The chaincode events governance emits, one per transaction, each with a
 * canonical JSON payload. The gateway (S2.6) turns VOTE_REQUESTED into requests
 * to the named voters, pushes DECIDED back to the proposer, and follows
 * EXECUTED to refresh what the executed operation changed.
 */
public final class GovEvents {
    /** Payload: the {@link GovernanceSettings} written. */
    public static final String BOOTSTRAPPED = "weft.gov.bootstrapped";
    /** Payload: {@link VoteRequested} — the proposal and its voter slots (S2.2). */
    public static final String VOTE_REQUESTED = "weft.gov.vote-requested";
    /** Payload: {@link Voted} — the votes the transaction cast. */
    public static final String VOTED = "weft.gov.voted";
    /** Payload: {@link Decided} — the decided proposal and, when it passed, the grant (S2.4). */
    public static final String DECIDED = "weft.gov.decided";
    /** Payload: {@link Decided} with the cancelled proposal and no grant. */
    public static final String CANCELLED = "weft.gov.cancelled";
    /** Payload: {@link Executed} — the consumed grant and what the operation produced (S2.5). */
    public static final String EXECUTED = "weft.gov.executed";

    private GovEvents() {
    }

    /** {@code {"proposal":{…},"voters":["org:Org1MSP","id:Org3MSP/x509::…"]}} */
    public record VoteRequested(Proposal proposal, List<String> voters) {
    }

    /** {@code {"proposalId":"…","votes":[{…}]}} */
    public record Voted(String proposalId, List<Vote> votes) {
    }

    /** {@code {"proposal":{…},"grant":{…}}}; no grant unless the proposal passed. */
    public record Decided(Proposal proposal, Grant grant) {
    }

    /** {@code {"grant":{…},"result":{…}}}; the result is the operation's (e.g. the new routing policy). */
    public record Executed(Grant grant, Object result) {
    }
}
