package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;

/**
 * The traffic-routing policy of one logical chaincode or node logic (S2.7–S2.9),
 * as stored and returned by {@code route:GetPolicy}. Changed only by governed
 * operations (and a pre-approved emergency rollback); {@code revision} counts
 * the changes, each of which is also kept in the route's history.
 *
 * <pre>{"name":"asset","kind":"CHAINCODE","phase":"GRAY",
 *  "oldVersion":{"label":"1","chaincode":"asset_v1"},"newVersion":{"label":"2","chaincode":"asset_v2"},
 *  "classes":{"test":"NEW","gray":"NEW","production":"OLD"},
 *  "gray":{"weightBps":1000,"cohort":{"orgs":["Org2MSP"],"identities":[]}},
 *  "emergencyRollback":{"orgs":["Org1MSP","Org2MSP"],"identities":[]},"emergencyApprovedBy":"…",
 *  "revision":2,"updatedAt":"…","updatedTx":"…","proposalId":"…"}</pre>
 *
 * @param rolledBack the new version most recently rolled back, for the record
 */
public record RoutePolicy(String name, String kind, String phase, VersionTarget oldVersion, VersionTarget newVersion,
        ClassTargets classes, GrayRule gray, Principals emergencyRollback, String emergencyApprovedBy,
        VersionTarget rolledBack, long revision, String updatedAt, String updatedTx, String proposalId) {

    /** When and under which proposal (if any) a change was made. */
    record Stamp(String at, String txId, String proposalId) {
    }

    Phase phaseEnum() {
        return Phase.valueOf(phase);
    }

    RouteKind kindEnum() {
        return RouteKind.valueOf(kind);
    }

    /** A new route whose pre-release starts now. */
    static RoutePolicy start(String name, RouteKind kind, VersionTarget old, VersionTarget neu, Principals emergency,
            Stamp s) {
        return new RoutePolicy(name, kind.name(), Phase.PRE_RELEASE.name(), old, neu, Phase.PRE_RELEASE.targets(),
                null, emergency, emergency == null ? null : s.proposalId(), null, 1, s.at(), s.txId(), s.proposalId());
    }

    RoutePolicy preRelease(VersionTarget neu, Principals emergency, Stamp s) {
        require(Phase.STABLE, Phase.ROLLED_BACK);
        return next(Phase.PRE_RELEASE, oldVersion, neu, null, emergency, s);
    }

    RoutePolicy gray(GrayRule rule, Principals emergency, Stamp s) {
        require(Phase.PRE_RELEASE, Phase.GRAY);
        return next(Phase.GRAY, oldVersion, newVersion, rule, emergency, s);
    }

    RoutePolicy switched(Principals emergency, Stamp s) {
        require(Phase.PRE_RELEASE, Phase.GRAY);
        return next(Phase.SWITCHED, oldVersion, newVersion, null, emergency, s);
    }

    /** Every class back to the old version; the new version is set aside and any pre-approval ends. */
    RoutePolicy rolledBack(Stamp s) {
        require(Phase.PRE_RELEASE, Phase.GRAY, Phase.SWITCHED);
        return new RoutePolicy(name, kind, Phase.ROLLED_BACK.name(), oldVersion, null, Phase.ROLLED_BACK.targets(),
                null, null, null, newVersion, revision + 1, s.at(), s.txId(), s.proposalId());
    }

    /** The new version becomes the only one; the rollout is over. */
    RoutePolicy finalized(Stamp s) {
        require(Phase.SWITCHED);
        return new RoutePolicy(name, kind, Phase.STABLE.name(), newVersion, null, Phase.STABLE.targets(),
                null, null, null, rolledBack, revision + 1, s.at(), s.txId(), s.proposalId());
    }

    /** A pre-approval given with this change replaces the standing one; without one, the standing one stays. */
    private RoutePolicy next(Phase to, VersionTarget old, VersionTarget neu, GrayRule rule, Principals emergency,
            Stamp s) {
        Principals e = emergency != null ? emergency : emergencyRollback;
        String approvedBy = emergency != null ? s.proposalId() : emergencyApprovedBy;
        return new RoutePolicy(name, kind, to.name(), old, neu, to.targets(), rule, e, approvedBy, rolledBack,
                revision + 1, s.at(), s.txId(), s.proposalId());
    }

    private void require(Phase... allowed) {
        for (Phase p : allowed) {
            if (p.name().equals(phase)) {
                return;
            }
        }
        throw WeftException.of(ErrorCode.CONFLICT, "route %s is in phase %s; this needs %s", name, phase,
                java.util.Arrays.toString(allowed));
    }
}
