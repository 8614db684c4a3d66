package dev.weft.chaincode.gov;

/**
 * What a tally found: the outcome (PASSED, REJECTED, EXPIRED; PENDING only in
 * {@code gov:GetTally} answers), why, and the counts it was decided on.
 *
 * <pre>{"outcome":"REJECTED","reason":"threshold not met: 1 of 3 voters voted yes (1 yes, 2 no, 0 abstain)…",
 *  "yes":1,"no":2,"abstain":0,"eligible":3,"quorumVotes":2,"decidedAt":"…","txId":"…"}</pre>
 */
public record Decision(String outcome, String reason, int yes, int no, int abstain, int eligible, int quorumVotes,
        String decidedAt, String txId) {
    public static final String PENDING = "PENDING";
}
