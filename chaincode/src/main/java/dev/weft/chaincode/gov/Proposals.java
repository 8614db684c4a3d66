package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.Page;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.route.Rollout;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/** Making, cancelling and reading proposals (S2.1, S2.2). */
final class Proposals {
    private Proposals() {
    }

    /**
     * Records a proposal for a typed management operation and emits the
     * vote request naming its voters. The proposer is an admin of a member
     * organisation or a named governance voter.
     */
    static Proposal propose(Ledger ledger, String requestJson) {
        ProposalRequest req = Json.parseArgument("proposal", requestJson, ProposalRequest.class);
        GovernanceSettings s = GovernanceSettings.require(ledger);
        SortedSet<String> members = Members.of(ledger);
        Caller caller = ledger.caller();
        boolean namedVoter = s.voters().identities().contains(caller.qualifiedId());
        if (!namedVoter && !(caller.isAdmin() && members.contains(caller.mspId()))) {
            throw WeftException.of(ErrorCode.FORBIDDEN,
                    "only an admin of a member organisation or a named governance voter may propose");
        }
        if (req.operation() == null) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "proposal.operation is required");
        }
        Operation op = Operations.normalise(ledger, req.operation());
        String description = req.description() == null ? "" : req.description();
        if (description.length() > ProposalRequest.MAX_DESCRIPTION) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "description exceeds %d characters",
                    ProposalRequest.MAX_DESCRIPTION);
        }
        VoterSet voters = s.voters();
        if (req.voters() != null) {
            voters = req.voters().normalised(members);
            if (!voters.within(s.voters())) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "voters must be a subset of the governance voters");
            }
            if (voters.count() < s.minVoters()) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "a proposal needs at least %d voters", s.minVoters());
            }
            if (voters.organisations().size() < members.size() / 2 + 1) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "a proposal's voters must speak for a majority of the "
                        + "%d member organisations", members.size());
            }
        }
        int threshold = req.thresholdBps() == null ? s.thresholdBps() : req.thresholdBps();
        int quorum = req.quorumBps() == null ? s.quorumBps() : req.quorumBps();
        GovernanceSettings.requireRange("thresholdBps", threshold, s.thresholdBps(), 10_000);
        GovernanceSettings.requireRange("quorumBps", quorum, s.quorumBps(), 10_000);
        Instant now = ledger.txTime();
        Instant deadline = req.deadline() == null ? now.plusSeconds(s.votingPeriodSeconds()) : instant(req.deadline());
        if (!deadline.isAfter(now) || deadline.isAfter(now.plusSeconds(s.maxVotingPeriodSeconds()))) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "deadline must be after now and within %d seconds",
                    s.maxVotingPeriodSeconds());
        }
        String id = ledger.txId();
        Proposal p = new Proposal(id, caller.qualifiedId(), op, description, voters, threshold, quorum,
                Tally.quorumVotes(quorum, voters.count()), now.toString(), deadline.toString(),
                s.grantValiditySeconds(), Proposal.Status.OPEN.name(), null, null,
                OperationType.parse(op.type()).routing() ? Rollout.binding(ledger, op.target()) : null);
        if (ledger.exists(GovKeys.proposal(ledger, id))) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "proposal %s already exists", id);
        }
        ledger.put(GovKeys.proposal(ledger, id), p);
        ledger.put(GovKeys.status(ledger, p.status(), id), id);
        for (String slot : voters.slots()) {
            ledger.putOwned(GovKeys.vote(ledger, id, slot), Vote.reserved(id, slot, id), Vote.orgOf(slot), members);
        }
        ledger.emit(GovEvents.VOTE_REQUESTED, new GovEvents.VoteRequested(p, voters.slots()));
        return p;
    }

    /** The proposer withdraws an open proposal; nothing is granted. */
    static Proposal cancel(Ledger ledger, String id) {
        Caller caller = ledger.caller();
        Proposal p = require(ledger, id);
        if (!p.proposer().equals(caller.qualifiedId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "only the proposer may cancel proposal %s", id);
        }
        requireOpen(p);
        Proposal cancelled = p.cancelled(ledger.txTime().toString());
        store(ledger, p, cancelled);
        ledger.emit(GovEvents.CANCELLED, new GovEvents.Decided(cancelled, null));
        return cancelled;
    }

    /** Writes the proposal's new state and moves it in the status index. */
    static void store(Ledger ledger, Proposal before, Proposal after) {
        ledger.put(GovKeys.proposal(ledger, after.id()), after);
        ledger.delete(GovKeys.status(ledger, before.status(), before.id()));
        ledger.put(GovKeys.status(ledger, after.status(), after.id()), after.id());
    }

    static Proposal require(Ledger ledger, String id) {
        if (id == null || id.isBlank()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "proposal ID is required");
        }
        return ledger.require(GovKeys.proposal(ledger, id), Proposal.class, "proposal " + id);
    }

    static void requireOpen(Proposal p) {
        if (!p.open()) {
            throw WeftException.of(ErrorCode.CONFLICT, "proposal %s is already %s", p.id(), p.status());
        }
    }

    /** Proposals in ID order, all or those in one status. */
    static Page<Proposal> list(Ledger ledger, String status, int pageSize, String bookmark) {
        if (status == null || status.isBlank()) {
            return ledger.page(Proposal.class, pageSize, bookmark, GovKeys.PROPOSAL);
        }
        try {
            Proposal.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "unknown proposal status %s", status);
        }
        Page<String> ids = ledger.page(String.class, pageSize, bookmark, GovKeys.STATUS, status);
        List<Proposal> out = new ArrayList<>();
        for (String id : ids.items()) {
            out.add(require(ledger, id));
        }
        return new Page<>(out, ids.bookmark());
    }

    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s is not an ISO-8601 instant", text);
        }
    }
}
