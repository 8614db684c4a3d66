package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.Ledger;

/**
 * Where governance keeps its facts, each under its own key: a proposal, one
 * key per vote (so concurrent voters never write the same key), a grant, and a
 * status index for listing proposals by status.
 */
final class GovKeys {
    static final String PROPOSAL = "weft.gov.proposal";
    static final String VOTE = "weft.gov.vote";
    static final String GRANT = "weft.gov.grant";
    static final String STATUS = "weft.gov.status";
    /** Grants not yet used, by target: what a governed rollback of that route voids. */
    static final String ACTIVE = "weft.gov.active";

    private GovKeys() {
    }

    static String proposal(Ledger ledger, String id) {
        return ledger.key(PROPOSAL, id);
    }

    static String vote(Ledger ledger, String proposalId, String slot) {
        return ledger.key(VOTE, proposalId, slot);
    }

    static String grant(Ledger ledger, String id) {
        return ledger.key(GRANT, id);
    }

    static String active(Ledger ledger, String target, String grantId) {
        return ledger.key(ACTIVE, target, grantId);
    }

    static String status(Ledger ledger, String status, String id) {
        return ledger.key(STATUS, status, id);
    }
}
