package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Ledger;
import java.util.ArrayList;
import java.util.List;

/** The cluster contract's queries: one or every cluster's master (S4.3), and a cluster's members. */
final class ClusterViews {

    /** A master-table row with its aging timer as the chain sees it. */
    record MasterView(Master master, int masterTtlSeconds, String lastKeepalive, String expiresAt) {
    }

    /** A member with its last on-chain keepalive, if any. */
    record MemberView(ClusterMember member, Keepalive keepalive) {
    }

    /** A whole cluster: {@code weft cluster status}; {@code errors} are the consensus-error reports counted (S4.7). */
    record ClusterView(Cluster cluster, MasterView master, List<MemberView> members, ConsensusErrors.Count errors) {
    }

    private ClusterViews() {
    }

    static MasterView master(Ledger ledger, String msp) {
        ClusterChecks.name("MSP ID", msp);
        return view(ledger, Mastership.master(ledger, msp));
    }

    /** Every cluster's master, in MSP ID order. */
    static List<MasterView> masters(Ledger ledger) {
        List<MasterView> out = new ArrayList<>();
        for (Master m : ledger.list(Master.class, ClusterKeys.MASTER)) {
            out.add(view(ledger, m));
        }
        return out;
    }

    static ClusterView cluster(Ledger ledger, String msp) {
        ClusterChecks.name("MSP ID", msp);
        Cluster cluster = ledger.require(ClusterKeys.cluster(ledger, msp), Cluster.class, "the cluster of " + msp);
        List<MemberView> members = new ArrayList<>();
        for (ClusterMember m : ledger.list(ClusterMember.class, ClusterKeys.MEMBER, msp)) {
            members.add(new MemberView(m, ledger.get(ClusterKeys.keepalive(ledger, msp, m.memberId()),
                    Keepalive.class).orElse(null)));
        }
        return new ClusterView(cluster, master(ledger, msp), members, ConsensusErrors.count(ledger, msp));
    }

    private static MasterView view(Ledger ledger, Master m) {
        int ttl = ledger.get(ClusterKeys.cluster(ledger, m.mspId()), Cluster.class)
                .map(Cluster::masterTtlSeconds).orElse(0);
        var alive = Mastership.lastAlive(ledger, m);
        return new MasterView(m, ttl, alive.toString(), alive.plusSeconds(ttl).toString());
    }
}
