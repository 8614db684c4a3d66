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
    enum Kind {
        CREATED, ENROLLED, REGISTERED, KEEPALIVE, UPDATED, DISSOLVED,
        /** A consensus-error report against the cluster was recorded; below the threshold (S4.7). */
        CONSENSUS_ERROR,
        /** The report reached the threshold: the master is not electable and the cluster has no master (S4.7). */
        FORCED_SWITCH,
        /** The organisation's admin forced a switch by hand (cluster:Switch): same effect as FORCED_SWITCH. */
        SWITCHED,
        /** An admin made a member electable again and cleared its cluster's consensus-error count (S4.7). */
        RESTORED
    }

    /** The payload; fields that do not apply to the kind are left out. */
    record ClusterEvent(Kind kind, String mspId, String txId, String time, Master master, ClusterMember member,
            Keepalive keepalive, String previousMemberId, ConsensusErrors.Report report, Integer errorCount) {
    }

    private ClusterEvents() {
    }

    static void emit(Ledger ledger, Kind kind, String mspId, Master master, ClusterMember member,
            Keepalive keepalive, String previousMemberId) {
        emit(ledger, kind, mspId, master, member, keepalive, previousMemberId, null, null);
    }

    static void emit(Ledger ledger, Kind kind, String mspId, Master master, ClusterMember member,
            Keepalive keepalive, String previousMemberId, ConsensusErrors.Report report, Integer errorCount) {
        ledger.emit(EVENT_NAME, new ClusterEvent(kind, mspId, ledger.txId(), ledger.txTime().toString(), master,
                member, keepalive, previousMemberId, report, errorCount));
    }
}
