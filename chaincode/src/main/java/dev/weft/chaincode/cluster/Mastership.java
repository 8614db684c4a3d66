package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import java.time.Instant;
import java.util.Optional;

/**
 * The master table's writes (S4.3): Register (the first master), Keepalive (each
 * member's own key: resets its aging timer on chain) and Update (a new master,
 * compare-and-set on the epoch the caller expects, allowed only once the current
 * master's keepalive has aged out or it was made not electable).
 *
 * <p>Each is signed by the member itself: the caller must hold the identity its
 * organisation's admin enrolled for that member ID.
 */
final class Mastership {

    /** What a keepalive returns: the member's record and the master it is a keepalive under. */
    record KeepaliveReply(Keepalive keepalive, Master master, boolean isMaster) {
    }

    private Mastership() {
    }

    static Master register(Ledger ledger, String memberIdArg) {
        ClusterMember member = self(ledger, memberIdArg);
        requireElectable(member);
        Pairs.refuseInPairMode(ledger, member.mspId(), "cluster:Register");
        Master current = master(ledger, member.mspId());
        if (current.hasMaster()) {
            throw WeftException.of(ErrorCode.CONFLICT, "cluster of %s already has master %s at epoch %d; use Update",
                    member.mspId(), current.memberId(), current.epoch());
        }
        Master next = become(ledger, current, member);
        ClusterEvents.emit(ledger, ClusterEvents.Kind.REGISTERED, member.mspId(), next, null, null, null);
        return next;
    }

    static KeepaliveReply keepalive(Ledger ledger, String memberIdArg, String epochArg) {
        long epoch = ClusterChecks.epoch(epochArg);
        ClusterMember member = self(ledger, memberIdArg);
        Master current = master(ledger, member.mspId());
        requireEpoch(current, epoch);
        Keepalive k = new Keepalive(member.mspId(), member.memberId(), epoch, ledger.txTime().toString(),
                ledger.txId());
        ledger.put(ClusterKeys.keepalive(ledger, member.mspId(), member.memberId()), k);
        ClusterEvents.emit(ledger, ClusterEvents.Kind.KEEPALIVE, member.mspId(), null, null, k, null);
        return new KeepaliveReply(k, current, member.memberId().equals(current.memberId()));
    }

    static Master update(Ledger ledger, String memberIdArg, String expectedEpochArg) {
        long expected = ClusterChecks.epoch(expectedEpochArg);
        ClusterMember member = self(ledger, memberIdArg);
        requireElectable(member);
        Pairs.refuseInPairMode(ledger, member.mspId(), "cluster:Update");
        Master current = master(ledger, member.mspId());
        if (!current.hasMaster()) {
            throw WeftException.of(ErrorCode.CONFLICT, "cluster of %s has no master yet; use Register",
                    member.mspId());
        }
        requireEpoch(current, expected);
        if (member.memberId().equals(current.memberId())) {
            throw WeftException.of(ErrorCode.CONFLICT, "member %s is already the master at epoch %d",
                    member.memberId(), current.epoch());
        }
        Cluster cluster = ledger.require(ClusterKeys.cluster(ledger, member.mspId()), Cluster.class,
                "the cluster of " + member.mspId());
        boolean masterElectable = ledger.get(ClusterKeys.member(ledger, member.mspId(), current.memberId()),
                ClusterMember.class).map(ClusterMember::electable).orElse(false);
        Instant expires = lastAlive(ledger, current).plusSeconds(cluster.masterTtlSeconds());
        Instant now = ledger.txTime();
        if (masterElectable && now.isBefore(expires)) {
            throw WeftException.of(ErrorCode.MASTER_ALIVE, "master %s of %s is alive until %s (epoch %d)",
                    current.memberId(), member.mspId(), expires, current.epoch());
        }
        Master next = become(ledger, current, member);
        ClusterEvents.emit(ledger, ClusterEvents.Kind.UPDATED, member.mspId(), next, null, null,
                current.memberId());
        return next;
    }

    /**
     * When the master last showed it was alive: its keepalive under the current
     * epoch, else the Register or Update that made it master.
     */
    static Instant lastAlive(Ledger ledger, Master master) {
        Instant since = Instant.parse(master.since());
        if (!master.hasMaster()) {
            return since;
        }
        Optional<Keepalive> k = ledger.get(ClusterKeys.keepalive(ledger, master.mspId(), master.memberId()),
                Keepalive.class);
        return k.filter(x -> x.epoch() == master.epoch()).map(x -> Instant.parse(x.time()))
                .filter(t -> t.isAfter(since)).orElse(since);
    }

    static Master master(Ledger ledger, String msp) {
        return ledger.require(ClusterKeys.master(ledger, msp), Master.class, "the cluster of " + msp);
    }

    /**
     * The compare-and-set's write: {@code member} master at the epoch after {@code current}'s,
     * from this transaction's time (a concurrent writer of the master key fails MVCC at commit).
     */
    static Master become(Ledger ledger, Master current, ClusterMember member) {
        Master next = new Master(member.mspId(), current.cluster(), member.memberId(), member.identity(),
                member.address(), current.epoch() + 1, ledger.txTime().toString(), ledger.txId());
        ledger.put(ClusterKeys.master(ledger, member.mspId()), next);
        return next;
    }

    /**
     * The member record of {@code memberId} in the caller's cluster, which the caller must hold
     * (FORBIDDEN otherwise); every member write of the cluster and pair contracts starts here.
     */
    static ClusterMember self(Ledger ledger, String memberIdArg) {
        String memberId = ClusterChecks.name("member ID", memberIdArg);
        Caller caller = ledger.caller();
        ClusterMember member = ledger.get(ClusterKeys.member(ledger, caller.mspId(), memberId), ClusterMember.class)
                .orElseThrow(() -> WeftException.of(ErrorCode.FORBIDDEN, "%s is not a member of the cluster of %s",
                        memberId, caller.mspId()));
        if (!member.identity().equals(caller.qualifiedId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "the caller is not the identity enrolled as member %s",
                    memberId);
        }
        return member;
    }

    static void requireElectable(ClusterMember member) {
        if (!member.electable()) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "member %s is not electable", member.memberId());
        }
    }

    private static void requireEpoch(Master current, long epoch) {
        requireEpoch(current, epoch, "cluster", "master");
    }

    /** The compare-and-set's check: STALE_EPOCH unless the {@code what} of the organisation is at {@code epoch}. */
    static void requireEpoch(Master current, long epoch, String what, String role) {
        if (epoch != current.epoch()) {
            throw WeftException.of(ErrorCode.STALE_EPOCH, "the %s of %s is at epoch %d (%s %s), not %d", what,
                    current.mspId(), current.epoch(), role, current.hasMaster() ? current.memberId() : "none", epoch);
        }
    }
}
