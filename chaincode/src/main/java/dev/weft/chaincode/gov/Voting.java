package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Votes and the tally (S2.3, S2.4). A vote reads only its proposal and its own
 * vote keys and writes only its own vote keys, so any number of voters can vote
 * in one block without an MVCC conflict; the tally is its own transaction.
 */
final class Voting {
    private Voting() {
    }

    /** What {@code gov:GetTally} answers: the decision as of now (PENDING if undecided) and the votes. */
    record TallyView(String proposalId, String status, Decision decision, List<Vote> votes) {
    }

    /**
     * Casts the caller's vote in every voter slot it holds on the proposal that
     * has not voted yet: its named identity, and its organisation if it is an
     * admin of it. ALREADY_EXISTS if all of them have voted.
     */
    static List<Vote> vote(Ledger ledger, String proposalId, String choiceText) {
        Vote.Choice choice = choice(choiceText);
        Caller caller = Members.requireMember(ledger);
        Proposal p = Proposals.require(ledger, proposalId);
        Proposals.requireOpen(p);
        Instant now = ledger.txTime();
        if (!now.isBefore(Instant.parse(p.deadline()))) {
            throw WeftException.of(ErrorCode.EXPIRED, "voting on proposal %s closed at %s", p.id(), p.deadline());
        }
        List<String> slots = p.voters().slotsHeldBy(caller);
        if (slots.isEmpty()) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "%s is not a voter on proposal %s", caller.qualifiedId(),
                    p.id());
        }
        List<Vote> cast = new ArrayList<>();
        for (String slot : slots) {
            if (ledger.get(GovKeys.vote(ledger, p.id(), slot), Vote.class).filter(Vote::cast).isEmpty()) {
                cast.add(new Vote(p.id(), slot, choice.name(), caller.qualifiedId(), now.toString(), ledger.txId()));
            }
        }
        if (cast.isEmpty()) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "%s has already voted on proposal %s", slots, p.id());
        }
        for (Vote v : cast) {
            // The vote is its voter organisation's fact: rewriting it needs that organisation's peer.
            ledger.putOwned(GovKeys.vote(ledger, p.id(), v.voter()), v, caller.mspId());
        }
        ledger.emit(GovEvents.VOTED, new GovEvents.Voted(p.id(), cast));
        return cast;
    }

    /**
     * Decides an open proposal when its outcome is certain or its deadline has
     * passed, records why, issues the grant if it passed, and emits the decision.
     * CONFLICT while it is still undecided. Any member may tally.
     */
    static GovEvents.Decided tally(Ledger ledger, String proposalId) {
        Members.requireMember(ledger);
        Proposal p = Proposals.require(ledger, proposalId);
        Proposals.requireOpen(p);
        List<Vote> votes = cast(ledger, p.id());
        Instant now = ledger.txTime();
        Decision d = Tally.decide(p, votes, now, ledger.certainlyPassed(Instant.parse(p.deadline())), ledger.txId());
        if (Decision.PENDING.equals(d.outcome())) {
            throw WeftException.of(ErrorCode.CONFLICT, "proposal %s is not decided yet: %s", p.id(), d.reason());
        }
        Proposal decided = p.decided(d);
        Proposals.store(ledger, p, decided);
        Grant grant = null;
        if (Proposal.Status.PASSED.name().equals(d.outcome())) {
            grant = new Grant(p.id(), p.id(), p.proposer(), p.operation(), now.toString(),
                    now.plusSeconds(p.grantValiditySeconds()).toString(), Grant.ACTIVE, null, null, p.routeBinding());
            ledger.put(GovKeys.grant(ledger, grant.id()), grant);
            ledger.put(GovKeys.active(ledger, p.operation().target(), grant.id()), grant.id());
        }
        GovEvents.Decided out = new GovEvents.Decided(decided, grant);
        ledger.emit(GovEvents.DECIDED, out);
        return out;
    }

    /**
     * The organisations whose admins voted yes in their organisation's slot: a
     * passed REGISTER_TASK_DEFINITION counts as their approval (issue 9 item 1).
     */
    static List<String> yesOrganisations(Ledger ledger, String proposalId) {
        return ledger.list(Vote.class, GovKeys.VOTE, proposalId).stream()
                .filter(v -> Vote.Choice.YES.name().equals(v.choice()) && v.voter().startsWith("org:"))
                .map(v -> v.voter().substring(4)).sorted().toList();
    }

    static TallyView view(Ledger ledger, String proposalId) {
        Proposal p = Proposals.require(ledger, proposalId);
        List<Vote> votes = cast(ledger, p.id());
        Decision d = p.open() ? Tally.decide(p, votes, ledger.txTime(),
                ledger.certainlyPassed(Instant.parse(p.deadline())), null) : p.decision();
        return new TallyView(p.id(), p.status(), d, votes);
    }

    /** The votes cast on a proposal (reserved, empty slots left out), in slot order. */
    private static List<Vote> cast(Ledger ledger, String proposalId) {
        return ledger.list(Vote.class, GovKeys.VOTE, proposalId).stream().filter(Vote::cast).toList();
    }

    private static Vote.Choice choice(String text) {
        try {
            return Vote.Choice.valueOf(text == null ? "" : text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "vote must be YES, NO or ABSTAIN, was %s", text);
        }
    }
}
