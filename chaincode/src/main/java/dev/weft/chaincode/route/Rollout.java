package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.util.Map;
import java.util.Set;

/**
 * The routing operations PRE_RELEASE, GRAY, SWITCH, ROLLBACK and FINALIZE
 * (S2.7–S2.9). Governance calls {@link #normalise} when the operation is
 * proposed and {@link #apply} from {@code gov:Execute} once it was granted;
 * nothing else changes a routing policy except {@link #emergencyRollback}, which
 * a passed rollout operation may have pre-approved.
 *
 * <pre>{@code
 * {"type":"PRE_RELEASE","target":"asset","params":{"kind":"CHAINCODE",
 *    "oldVersion":{"label":"1","chaincode":"asset_v1"},"newVersion":{"label":"2","chaincode":"asset_v2"},
 *    "emergencyRollback":{"orgs":["Org1MSP","Org2MSP","Org3MSP"]}}}
 * {"type":"GRAY","target":"asset","params":{"weightBps":2500,"cohort":{"orgs":["Org2MSP"]}}}
 * {"type":"SWITCH","target":"asset","params":{}}
 * {"type":"ROLLBACK","target":"asset","params":{"reason":"error rate"}}
 * {"type":"FINALIZE","target":"asset","params":{}}
 * }</pre>
 */
public final class Rollout {
    /** Emitted by an emergency rollback; payload {@link EmergencyRolledBack}. */
    public static final String EMERGENCY_EVENT = "weft.route.emergency-rollback";
    static final int MAX_REASON = 256;
    private static final String NAME = "[A-Za-z0-9._-]{1,64}";

    private Rollout() {
    }

    /**
     * What a routing operation was voted against: the route's policy revision
     * and version labels when it was proposed (revision 0 and no labels for a
     * route that does not exist yet). A grant carries it, and executing the
     * grant after the policy moved on is refused.
     *
     * <pre>{"revision":3,"phase":"GRAY","oldLabel":"1","newLabel":"2"}</pre>
     */
    public record Binding(long revision, String phase, String oldLabel, String newLabel) {
    }

    /** The route's current {@link Binding}. */
    public static Binding binding(Ledger ledger, String name) {
        RoutePolicy p = ledger.get(RouteKeys.policy(ledger, name(name)), RoutePolicy.class).orElse(null);
        if (p == null) {
            return new Binding(0, null, null, null);
        }
        return new Binding(p.revision(), p.phase(), p.oldVersion() == null ? null : p.oldVersion().label(),
                p.newVersion() == null ? null : p.newVersion().label());
    }

    /** {@code {"policy":{…},"by":"Org2MSP/x509::…","reason":"…"}} */
    public record EmergencyRolledBack(RoutePolicy policy, String by, String reason) {
    }

    /**
     * Checks a routing operation's parameters and returns them in canonical
     * form (the form a grant binds). BAD_REQUEST for anything malformed.
     */
    public static Object normalise(Ledger ledger, String type, String target, Map<String, Object> params) {
        name(target);
        Set<String> members = Members.of(ledger);
        return switch (type) {
            case "PRE_RELEASE" -> {
                RolloutParams.PreRelease p = parse(params, RolloutParams.PreRelease.class);
                RouteKind kind = kind(p.kind());
                VersionTarget old = VersionTarget.normalised(p.oldVersion(), kind, members, "oldVersion");
                VersionTarget neu = VersionTarget.normalised(p.newVersion(), kind, members, "newVersion");
                if (neu == null) {
                    throw WeftException.of(ErrorCode.BAD_REQUEST, "PRE_RELEASE needs newVersion");
                }
                if (old != null && !neu.distinctFrom(old)) {
                    throw WeftException.of(ErrorCode.BAD_REQUEST, "newVersion must differ from oldVersion");
                }
                yield new RolloutParams.PreRelease(kind.name(), old, neu,
                        Principals.normalised(p.emergencyRollback(), members, "emergencyRollback"));
            }
            case "GRAY" -> {
                RolloutParams.Gray p = parse(params, RolloutParams.Gray.class);
                int weight = p.weightBps() == null ? 0 : p.weightBps();
                if (weight < 0 || weight > 10_000) {
                    throw WeftException.of(ErrorCode.BAD_REQUEST, "weightBps must be 0..10000, was %d", weight);
                }
                Principals cohort = Principals.normalised(p.cohort(), members, "cohort");
                if (weight == 0 && cohort == null) {
                    throw WeftException.of(ErrorCode.BAD_REQUEST, "GRAY needs a weightBps above 0 or a cohort");
                }
                yield new RolloutParams.Gray(weight, cohort,
                        Principals.normalised(p.emergencyRollback(), members, "emergencyRollback"));
            }
            case "SWITCH" -> new RolloutParams.Switch(Principals.normalised(
                    parse(params, RolloutParams.Switch.class).emergencyRollback(), members, "emergencyRollback"));
            case "ROLLBACK", "FINALIZE" -> new RolloutParams.Note(reason(parse(params, RolloutParams.Note.class)
                    .reason()));
            default -> throw WeftException.of(ErrorCode.BAD_REQUEST, "%s is not a routing operation", type);
        };
    }

    /** Performs a granted routing operation on the current policy; CONFLICT if the phase does not allow it. */
    public static RoutePolicy apply(Ledger ledger, String type, String target, Map<String, Object> params,
            String proposalId) {
        Object p = normalise(ledger, type, target, params);
        RoutePolicy current = ledger.get(RouteKeys.policy(ledger, target), RoutePolicy.class).orElse(null);
        RoutePolicy.Stamp s = new RoutePolicy.Stamp(ledger.txTime().toString(), ledger.txId(), proposalId);
        String reason = "";
        RoutePolicy next;
        if (p instanceof RolloutParams.PreRelease pre) {
            next = current == null ? start(target, pre, s) : preRelease(current, pre, s);
        } else {
            if (current == null) {
                throw WeftException.of(ErrorCode.NOT_FOUND, "route %s does not exist", target);
            }
            if (p instanceof RolloutParams.Gray g) {
                next = current.gray(new GrayRule(g.weightBps(), g.cohort()), g.emergencyRollback(), s);
            } else if (p instanceof RolloutParams.Switch sw) {
                next = current.switched(sw.emergencyRollback(), s);
            } else {
                reason = ((RolloutParams.Note) p).reason();
                next = "ROLLBACK".equals(type) ? current.rolledBack(s) : current.finalized(s);
            }
        }
        record(ledger, next, type, params, ledger.caller(), reason);
        return next;
    }

    /**
     * Rolls a rollout back at once, without a vote, when a passed rollout
     * operation pre-approved it for the caller (an admin of a listed
     * organisation, or a listed identity). The pre-approval ends with it.
     */
    static EmergencyRolledBack emergencyRollback(Ledger ledger, String name, String reasonText) {
        Caller caller = Members.requireMember(ledger);
        String reason = reason(reasonText);
        RoutePolicy current = require(ledger, name);
        if (current.emergencyRollback() == null || !current.emergencyRollback().actsFor(caller)) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "no emergency rollback of %s is pre-approved for %s",
                    name, caller.qualifiedId());
        }
        RoutePolicy next = current.rolledBack(new RoutePolicy.Stamp(ledger.txTime().toString(), ledger.txId(),
                current.emergencyApprovedBy()));
        record(ledger, next, "EMERGENCY_ROLLBACK", Map.of(), caller, reason);
        EmergencyRolledBack out = new EmergencyRolledBack(next, caller.qualifiedId(), reason);
        ledger.emit(EMERGENCY_EVENT, out);
        return out;
    }

    static RoutePolicy require(Ledger ledger, String name) {
        return ledger.require(RouteKeys.policy(ledger, name(name)), RoutePolicy.class, "route " + name);
    }

    static String name(String name) {
        if (name == null || !name.matches(NAME)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "route name must match %s, was %s", NAME, name);
        }
        return name;
    }

    private static RoutePolicy start(String name, RolloutParams.PreRelease p, RoutePolicy.Stamp s) {
        if (p.oldVersion() == null) {
            throw WeftException.of(ErrorCode.CONFLICT, "route %s does not exist yet; PRE_RELEASE must name its "
                    + "oldVersion", name);
        }
        return RoutePolicy.start(name, RouteKind.valueOf(p.kind()), p.oldVersion(), p.newVersion(),
                p.emergencyRollback(), s);
    }

    private static RoutePolicy preRelease(RoutePolicy current, RolloutParams.PreRelease p, RoutePolicy.Stamp s) {
        if (!current.kind().equals(p.kind())) {
            throw WeftException.of(ErrorCode.CONFLICT, "route %s is a %s route", current.name(), current.kind());
        }
        if (p.oldVersion() != null && !p.oldVersion().equals(current.oldVersion())) {
            throw WeftException.of(ErrorCode.CONFLICT, "route %s's current version is %s, not %s", current.name(),
                    Json.write(current.oldVersion()), Json.write(p.oldVersion()));
        }
        if (!p.newVersion().distinctFrom(current.oldVersion())) {
            throw WeftException.of(ErrorCode.CONFLICT, "newVersion must differ from the current version");
        }
        return current.preRelease(p.newVersion(), p.emergencyRollback(), s);
    }

    private static void record(Ledger ledger, RoutePolicy next, String operation, Map<String, Object> params,
            Caller by, String reason) {
        ledger.put(RouteKeys.policy(ledger, next.name()), next);
        ledger.put(RouteKeys.change(ledger, next.name(), next.revision()), new RouteChange(next.name(),
                next.revision(), operation, params, next.phase(), next.proposalId(), by.qualifiedId(), reason,
                next.updatedAt(), next.updatedTx()));
    }

    private static RouteKind kind(String kind) {
        if (kind == null) {
            return RouteKind.CHAINCODE;
        }
        try {
            return RouteKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "kind must be CHAINCODE or NODE, was %s", kind);
        }
    }

    private static String reason(String reason) {
        String r = reason == null ? "" : reason;
        if (r.length() > MAX_REASON) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "reason exceeds %d characters", MAX_REASON);
        }
        return r;
    }

    private static <T> T parse(Map<String, Object> params, Class<T> type) {
        return Json.parseArgument("operation params", Json.write(params == null ? Map.of() : params), type);
    }
}
