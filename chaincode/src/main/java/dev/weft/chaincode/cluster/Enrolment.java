package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.util.List;

/**
 * The authentication node's admission (S4.2): an organisation's admin creates its
 * cluster and enrols its members; nobody else can enrol into it, because every
 * key is named by the admin's own MSP ID.
 */
final class Enrolment {

    /** The Enrol argument; {@code identity} is the member's Fabric identity ID within the admin's organisation. */
    record EnrolRequest(String memberId, String identity, Integer priority, String address, Boolean electable) {
    }

    private Enrolment() {
    }

    static Cluster create(Ledger ledger, String nameArg, String ttlArg) {
        Caller admin = Members.requireMemberAdmin(ledger);
        String name = ClusterChecks.name("cluster name", nameArg);
        int ttl = ClusterChecks.ttl(ttlArg);
        String msp = admin.mspId();
        if (ledger.exists(ClusterKeys.cluster(ledger, msp))) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "%s already has a cluster", msp);
        }
        String now = ledger.txTime().toString();
        Cluster cluster = new Cluster(msp, name, ttl, admin.qualifiedId(), now, ledger.txId());
        Master none = Master.none(msp, name, now, ledger.txId());
        ledger.put(ClusterKeys.cluster(ledger, msp), cluster);
        ledger.put(ClusterKeys.master(ledger, msp), none);
        ClusterEvents.emit(ledger, ClusterEvents.Kind.CREATED, msp, none, null, null, null);
        return cluster;
    }

    /**
     * Enrols a member, or changes an enrolled member's priority, address, identity or
     * electable flag. The current master keeps its identity: it changes hands by Update.
     */
    static ClusterMember enrol(Ledger ledger, String mspIdArg, String requestJson) {
        Caller admin = Members.requireMemberAdmin(ledger);
        if (mspIdArg == null || !mspIdArg.equals(admin.mspId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "an admin of %s may enrol only into %s's own cluster",
                    admin.mspId(), admin.mspId());
        }
        EnrolRequest req = Json.parseArgument("member", requestJson, EnrolRequest.class);
        String memberId = ClusterChecks.name("member ID", req.memberId());
        String identity = admin.mspId() + "/" + ClusterChecks.identity(req.identity());
        int priority = ClusterChecks.priority(req.priority());
        String address = ClusterChecks.address(req.address());
        if (req.electable() == null) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "electable (true or false) is required");
        }
        String msp = admin.mspId();
        ledger.require(ClusterKeys.cluster(ledger, msp), Cluster.class, "the cluster of " + msp);
        List<ClusterMember> members = ledger.list(ClusterMember.class, ClusterKeys.MEMBER, msp);
        boolean known = members.stream().anyMatch(m -> m.memberId().equals(memberId));
        if (!known && members.size() >= ClusterChecks.MAX_MEMBERS) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "a cluster has at most %d members", ClusterChecks.MAX_MEMBERS);
        }
        for (ClusterMember other : members) {
            if (!other.memberId().equals(memberId) && other.identity().equals(identity)) {
                throw WeftException.of(ErrorCode.CONFLICT, "identity is already enrolled as member %s",
                        other.memberId());
            }
        }
        Master master = ledger.require(ClusterKeys.master(ledger, msp), Master.class, "the master of " + msp);
        if (memberId.equals(master.memberId()) && !identity.equals(master.identity())) {
            throw WeftException.of(ErrorCode.CONFLICT,
                    "member %s is the master at epoch %d; change its identity after another member took over",
                    memberId, master.epoch());
        }
        ClusterMember member = new ClusterMember(msp, memberId, identity, priority, address, req.electable(),
                admin.qualifiedId(), ledger.txTime().toString(), ledger.txId());
        ledger.put(ClusterKeys.member(ledger, msp, memberId), member);
        ClusterEvents.emit(ledger, ClusterEvents.Kind.ENROLLED, msp, null, member, null, null);
        return member;
    }

    /**
     * Dissolves the admin's own cluster: its members, keepalives and master row go, and
     * the organisation's writes are no longer fenced (one gateway again, as before the
     * cluster). Returns the cluster record that was removed.
     */
    static Cluster dissolve(Ledger ledger) {
        Caller admin = Members.requireMemberAdmin(ledger);
        String msp = admin.mspId();
        Cluster cluster = ledger.require(ClusterKeys.cluster(ledger, msp), Cluster.class, "the cluster of " + msp);
        Master master = Mastership.master(ledger, msp);
        for (ClusterMember m : ledger.list(ClusterMember.class, ClusterKeys.MEMBER, msp)) {
            ledger.delete(ClusterKeys.member(ledger, msp, m.memberId()));
        }
        for (Keepalive k : ledger.list(Keepalive.class, ClusterKeys.KEEPALIVE, msp)) {
            ledger.delete(ClusterKeys.keepalive(ledger, msp, k.memberId()));
        }
        ConsensusErrors.forget(ledger, msp);
        Pairs.forget(ledger, msp);
        ledger.delete(ClusterKeys.master(ledger, msp));
        ledger.delete(ClusterKeys.cluster(ledger, msp));
        ClusterEvents.emit(ledger, ClusterEvents.Kind.DISSOLVED, msp, master, null, null, null);
        return cluster;
    }
}
