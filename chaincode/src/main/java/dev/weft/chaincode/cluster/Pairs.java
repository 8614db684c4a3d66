package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pair mode (S3.1, S3.2, S3.5): the pair record, each member's beacon and the
 * promotion of the sync member to validator by a compare-and-set of the cluster's
 * master epoch.
 *
 * <pre>
 * weft.pair        / msp              Pair    (the two members, N windows, window length)
 * weft.pair.beacon / msp / memberId   Beacon  (last beacon: round, role, epoch; written only by that member)
 * </pre>
 *
 * The validator and the epoch are the cluster's master row ({@link ClusterKeys#master}),
 * written here only by Promote; cluster:Register and cluster:Update are refused for a
 * cluster in pair mode, so there is one way to change roles.
 */
final class Pairs {
    static final String PAIR = "weft.pair";
    static final String BEACON = "weft.pair.beacon";
    static final int MAX_WINDOWS = 64;
    static final int MIN_WINDOW_SECONDS = 2;
    static final int MAX_WINDOW_SECONDS = 600;
    /** A promoting member must itself have beaconed within this many windows (S3.3: alive itself). */
    static final int SELF_ALIVE_WINDOWS = 2;

    private static final Pattern COUNT = Pattern.compile("[0-9]{1,4}");

    /** Roles a beacon may state. */
    enum Role {
        VALIDATOR, SYNC
    }

    /** GetPair: the pair, its validator and epoch (the master row) and each member's last beacon. */
    record PairView(Pair pair, Master master, List<Beacon> beacons) {
    }

    private Pairs() {
    }

    static String pairKey(Ledger ledger, String msp) {
        return ledger.key(PAIR, msp);
    }

    static String beaconKey(Ledger ledger, String msp, String memberId) {
        return ledger.key(BEACON, msp, memberId);
    }

    /** The organisation's admin puts its cluster into pair mode, before it has any master. */
    static Pair create(Ledger ledger, String firstArg, String secondArg, String windowsArg, String windowSecondsArg) {
        Caller admin = Members.requireMemberAdmin(ledger);
        String msp = admin.mspId();
        String first = ClusterChecks.name("member ID", firstArg);
        String second = ClusterChecks.name("member ID", secondArg);
        if (first.equals(second)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "a pair is two different members");
        }
        int windows = count("windows", windowsArg, 1, MAX_WINDOWS);
        int windowSeconds = count("window length in seconds", windowSecondsArg, MIN_WINDOW_SECONDS,
                MAX_WINDOW_SECONDS);
        Cluster cluster = ledger.require(ClusterKeys.cluster(ledger, msp), Cluster.class, "the cluster of " + msp);
        if (ledger.exists(pairKey(ledger, msp))) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "the cluster of %s is already in pair mode", msp);
        }
        Master master = Mastership.master(ledger, msp);
        if (master.hasMaster()) {
            throw WeftException.of(ErrorCode.CONFLICT,
                    "the cluster of %s has master %s at epoch %d: pair mode starts before any member registers",
                    msp, master.memberId(), master.epoch());
        }
        for (String id : List.of(first, second)) {
            ClusterMember m = ledger.get(ClusterKeys.member(ledger, msp, id), ClusterMember.class)
                    .orElseThrow(() -> WeftException.of(ErrorCode.NOT_FOUND, "%s is not enrolled in the cluster of %s",
                            id, msp));
            if (!m.electable()) {
                throw WeftException.of(ErrorCode.CONFLICT, "member %s is not electable: both pair members take "
                        + "either role", id);
            }
        }
        Pair pair = new Pair(msp, cluster.name(), List.of(first, second), windows, windowSeconds,
                admin.qualifiedId(), ledger.txTime().toString(), ledger.txId());
        ledger.put(pairKey(ledger, msp), pair);
        PairEvents.emit(ledger, PairEvents.Kind.CREATED, msp, pair, null, master, null);
        return pair;
    }

    /**
     * S3.2: the member's liveness transaction. Reads only keys no frequent transaction
     * writes (the pair and the member's enrolment) and writes only the member's own key.
     */
    static Beacon beacon(Ledger ledger, String memberIdArg, String roleArg, String epochArg) {
        Role role = role(roleArg);
        long epoch = ClusterChecks.epoch(epochArg);
        ClusterMember member = Mastership.self(ledger, memberIdArg);
        Pair pair = pairOf(ledger, member);
        Instant now = ledger.txTime();
        Beacon b = new Beacon(member.mspId(), member.memberId(), round(now, pair.windowSeconds()), role.name(), epoch,
                now.toString(), ledger.txId());
        ledger.put(beaconKey(ledger, member.mspId(), member.memberId()), b);
        PairEvents.emit(ledger, PairEvents.Kind.BEACON, member.mspId(), null, b, null, null);
        return b;
    }

    /**
     * S3.3, S3.5: the caller becomes validator at {@code expectedEpoch + 1}. A
     * compare-and-set: refused (STALE_EPOCH) unless the master row is still at the
     * expected epoch, so of two promotions from one epoch one lands and at every epoch
     * there is at most one validator; refused (CONFLICT) when the caller already is the
     * validator. Taking over from a validator at that epoch is refused (MASTER_ALIVE)
     * while the validator beaconed within the last N windows (transaction time), and
     * (CONFLICT) when the caller itself has not beaconed within the last two.
     */
    static Master promote(Ledger ledger, String memberIdArg, String expectedEpochArg) {
        long expected = ClusterChecks.epoch(expectedEpochArg);
        ClusterMember member = Mastership.self(ledger, memberIdArg);
        Pair pair = pairOf(ledger, member);
        Mastership.requireElectable(member);
        String msp = member.mspId();
        Master current = Mastership.master(ledger, msp);
        Mastership.requireEpoch(current, expected, "pair", "validator");
        if (member.memberId().equals(current.memberId())) {
            throw WeftException.of(ErrorCode.CONFLICT, "member %s already is the validator at epoch %d",
                    member.memberId(), current.epoch());
        }
        Instant now = ledger.txTime();
        if (current.hasMaster()) {
            long window = pair.windowSeconds();
            Instant partnerSeen = lastSeen(ledger, msp, current.memberId(), Instant.parse(current.since()));
            Instant partnerDeadBy = partnerSeen.plusSeconds(window * pair.windows());
            if (now.isBefore(partnerDeadBy)) {
                throw WeftException.of(ErrorCode.MASTER_ALIVE,
                        "validator %s of %s beaconed at %s, within the last %d windows of %d s (epoch %d)",
                        current.memberId(), msp, partnerSeen, pair.windows(), window, current.epoch());
            }
            Optional<Instant> own = beaconOf(ledger, msp, member.memberId()).map(x -> Instant.parse(x.time()));
            if (own.isEmpty() || own.get().plusSeconds(window * SELF_ALIVE_WINDOWS).isBefore(now)) {
                throw WeftException.of(ErrorCode.CONFLICT,
                        "member %s has not beaconed within the last %d windows: it is not alive itself",
                        member.memberId(), SELF_ALIVE_WINDOWS);
            }
        }
        Master next = Mastership.become(ledger, current, member);
        PairEvents.emit(ledger, PairEvents.Kind.PROMOTED, msp, null, null, next, current.memberId());
        return next;
    }

    static PairView view(Ledger ledger, String mspArg) {
        String msp = ClusterChecks.name("MSP ID", mspArg);
        Pair pair = ledger.require(pairKey(ledger, msp), Pair.class, "the pair of " + msp);
        List<Beacon> beacons = new ArrayList<>();
        for (String id : pair.members().stream().sorted().toList()) {
            beaconOf(ledger, msp, id).ifPresent(beacons::add);
        }
        return new PairView(pair, Mastership.master(ledger, msp), beacons);
    }

    /** The hook of cluster:Register and cluster:Update: roles of a pair change only by Promote. */
    static void refuseInPairMode(Ledger ledger, String msp, String function) {
        if (ledger.exists(pairKey(ledger, msp))) {
            throw WeftException.of(ErrorCode.CONFLICT, "the cluster of %s is in pair mode: %s does not apply, "
                    + "a pair member becomes validator by pair:Promote", msp, function);
        }
    }

    /** The hook of cluster:Dissolve: the pair record and beacons go with the cluster. */
    static void forget(Ledger ledger, String msp) {
        Optional<Pair> pair = ledger.get(pairKey(ledger, msp), Pair.class);
        if (pair.isEmpty()) {
            return;
        }
        for (String id : pair.get().members()) {
            ledger.delete(beaconKey(ledger, msp, id));
        }
        ledger.delete(pairKey(ledger, msp));
    }

    /** The liveness window of a transaction time. */
    static long round(Instant time, int windowSeconds) {
        return Math.floorDiv(time.toEpochMilli(), windowSeconds * 1000L);
    }

    private static Instant lastSeen(Ledger ledger, String msp, String memberId, Instant since) {
        return beaconOf(ledger, msp, memberId).map(b -> Instant.parse(b.time())).filter(t -> t.isAfter(since))
                .orElse(since);
    }

    private static Optional<Beacon> beaconOf(Ledger ledger, String msp, String memberId) {
        return ledger.get(beaconKey(ledger, msp, memberId), Beacon.class);
    }

    private static Pair pairOf(Ledger ledger, ClusterMember member) {
        Pair pair = ledger.get(pairKey(ledger, member.mspId()), Pair.class).orElseThrow(() -> WeftException.of(
                ErrorCode.NOT_FOUND, "the cluster of %s is not in pair mode", member.mspId()));
        if (!pair.has(member.memberId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "member %s is not one of the pair %s", member.memberId(),
                    pair.members());
        }
        return pair;
    }

    private static Role role(String value) {
        for (Role r : Role.values()) {
            if (r.name().equals(value)) {
                return r;
            }
        }
        throw WeftException.of(ErrorCode.BAD_REQUEST, "role must be VALIDATOR or SYNC");
    }

    private static int count(String what, String value, int min, int max) {
        if (value == null || !COUNT.matcher(value).matches()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s must be an integer %d..%d", what, min, max);
        }
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s must be %d..%d, got %d", what, min, max, n);
        }
        return n;
    }
}
