package dev.weft.chaincode.gov;

import dev.weft.chaincode.route.Rollout;

/**
 * A proposal as stored and returned by {@code gov:GetProposal}. Its ID is the
 * ID of the transaction that made it; it carries its own voters, threshold,
 * quorum and deadline, copied from the settings (or the request's stricter
 * values) when it was made, and for a routing operation the route's
 * {@code routeBinding} (revision and version labels) it is voted against.
 *
 * <pre>{"id":"…","proposer":"Org1MSP/x509::…","operation":{…},"voters":{"orgs":[…],"identities":[]},
 *  "thresholdBps":5001,"quorumBps":5001,"quorumVotes":2,"createdAt":"…","deadline":"…",
 *  "grantValiditySeconds":86400,"status":"OPEN","decision":null}</pre>
 */
public record Proposal(String id, String proposer, Operation operation, String description, VoterSet voters,
        int thresholdBps, int quorumBps, int quorumVotes, String createdAt, String deadline,
        long grantValiditySeconds, String status, Decision decision, String closedAt, Rollout.Binding routeBinding) {

    /** OPEN until a tally decides it (PASSED, REJECTED, EXPIRED) or its proposer cancels it. */
    public enum Status { OPEN, PASSED, REJECTED, EXPIRED, CANCELLED }

    boolean open() {
        return Status.OPEN.name().equals(status);
    }

    Proposal decided(Decision d) {
        return new Proposal(id, proposer, operation, description, voters, thresholdBps, quorumBps, quorumVotes,
                createdAt, deadline, grantValiditySeconds, d.outcome(), d, d.decidedAt(), routeBinding);
    }

    Proposal cancelled(String at) {
        return new Proposal(id, proposer, operation, description, voters, thresholdBps, quorumBps, quorumVotes,
                createdAt, deadline, grantValiditySeconds, Status.CANCELLED.name(), null, at, routeBinding);
    }
}
