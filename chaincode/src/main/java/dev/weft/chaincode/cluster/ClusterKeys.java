package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Ledger;

/**
 * Where the cluster contract keeps each fact. The master key is written only by
 * Register and Update and read by every fenced write of the organisation; each
 * member's keepalive has a key of its own, so a keepalive never invalidates a
 * result committed in the same block, and keepalives of different members or
 * clusters never conflict with each other.
 *
 * <pre>
 * weft.cluster           / msp               Cluster        (name, master TTL)
 * weft.cluster.member    / msp / memberId    ClusterMember  (identity, priority, address, electable)
 * weft.cluster.master    / msp               Master         (member, address, epoch): the fencing token
 * weft.cluster.keepalive / msp / memberId    Keepalive      (transaction time, epoch seen)
 * weft.cluster.errors    / msp               ConsensusErrors.Count   (reports in the window, S4.7)
 * weft.cluster.report    / msp / task / subtask / attempt / reporterMsp   ConsensusErrors.Report (one per
 *                                            reporter and evidence)
 * </pre>
 */
final class ClusterKeys {
    static final String CLUSTER = "weft.cluster";
    static final String MEMBER = "weft.cluster.member";
    static final String MASTER = "weft.cluster.master";
    static final String KEEPALIVE = "weft.cluster.keepalive";
    static final String ERRORS = "weft.cluster.errors";
    static final String REPORT = "weft.cluster.report";

    private ClusterKeys() {
    }

    static String cluster(Ledger ledger, String msp) {
        return ledger.key(CLUSTER, msp);
    }

    static String member(Ledger ledger, String msp, String memberId) {
        return ledger.key(MEMBER, msp, memberId);
    }

    static String master(Ledger ledger, String msp) {
        return ledger.key(MASTER, msp);
    }

    static String keepalive(Ledger ledger, String msp, String memberId) {
        return ledger.key(KEEPALIVE, msp, memberId);
    }

    static String errors(Ledger ledger, String msp) {
        return ledger.key(ERRORS, msp);
    }

    static String report(Ledger ledger, String msp, String taskId, String subtaskId, int attempt, String reporter) {
        return ledger.key(REPORT, msp, taskId, subtaskId, Integer.toString(attempt), reporter);
    }
}
