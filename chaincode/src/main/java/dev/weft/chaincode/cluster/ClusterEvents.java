package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Ledger;

/**
 * The {@code weft.cluster} chaincode event, one per transaction: members follow it
 * to learn their cluster's master, and other clusters' masters learn a new
 * master's address from it (S4.5).
 *
 * <pre>{@code
 * {"kind":"UPDATED","mspId":"Org1MSP","master":{…,"epoch":2,"memberId":"b"},"previousMemberId":"a",
 *  "time":"…","txId":"…"}
 * }</pre>
 */
final class ClusterEvents {
    static final String EVENT_NAME = "weft.cluster";

    /** What the transaction changed. */
    enum Kind { CREATED, ENROLLED, REGISTERED, KEEPALIVE, UPDATED, DISSOLVED }

    /** The payload; fields that do not apply to the kind are left out. */
    record ClusterEvent(Kind kind, String mspId, String txId, String time, Master master, ClusterMember member,
            Keepalive keepalive, String previousMemberId) {
    }

    private ClusterEvents() {
    }

    static void emit(Ledger ledger, Kind kind, String mspId, Master master, ClusterMember member,
            Keepalive keepalive, String previousMemberId) {
        ledger.emit(EVENT_NAME, new ClusterEvent(kind, mspId, ledger.txId(), ledger.txTime().toString(), master,
                member, keepalive, previousMemberId));
    }
}
