package dev.weft.chaincode.gov;

/**
 * One voter's vote, under its own key (one key per proposal and voter slot), so
 * concurrent votes never touch the same key. The key is created empty when the
 * proposal is made, under a key-level policy that needs the voter
 * organisation's peer, so no other organisations can cast or change it.
 *
 * <pre>{"proposalId":"…","voter":"org:Org2MSP","choice":"YES","by":"Org2MSP/x509::…","time":"…","txId":"…"}</pre>
 */
public record Vote(String proposalId, String voter, String choice, String by, String time, String txId) {

    /** The empty vote (no choice) that reserves a voter slot's key under its organisation's key-level policy. */
    static Vote reserved(String proposalId, String slot, String txId) {
        return new Vote(proposalId, slot, null, null, null, txId);
    }

    boolean cast() {
        return choice != null;
    }

    /** The organisation a voter slot belongs to: {@code org:Org1MSP} or {@code id:Org1MSP/x509::…}. */
    static String orgOf(String slot) {
        return slot.startsWith("org:") ? slot.substring(4) : slot.substring(3, slot.indexOf('/'));
    }

    /** A vote's choice; abstentions count toward the quorum but not the threshold. */
    public enum Choice { YES, NO, ABSTAIN }
}
