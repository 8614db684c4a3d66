package dev.weft.chaincode.gov;

/**
 * One voter's vote, under its own key (one key per proposal and voter slot), so
 * concurrent votes never touch the same key.
 *
 * <pre>{"proposalId":"…","voter":"org:Org2MSP","choice":"YES","by":"Org2MSP/x509::…","time":"…","txId":"…"}</pre>
 */
public record Vote(String proposalId, String voter, String choice, String by, String time, String txId) {

    /** A vote's choice; abstentions count toward the quorum but not the threshold. */
    public enum Choice { YES, NO, ABSTAIN }
}
