package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Traffic routing for gray upgrades (S2.7–S2.9). Policies change only through
 * governance ({@code gov:Execute} of PRE_RELEASE, GRAY, SWITCH, ROLLBACK,
 * FINALIZE — see {@link Rollout}) or a pre-approved emergency rollback.
 *
 * <pre>
 * route:Invoke            name, trafficClass, routingKey, function, argsJson → routed call (recorded)
 * route:Query             name, trafficClass, routingKey, function, argsJson → routed call (evaluate, not recorded)
 * route:ReportError       name, trafficClass, routingKey, function, failedTxId → {resolution,report}
 * route:Resolve           name, trafficClass, routingKey                     → resolution
 * route:GetPolicy         name                 → policy
 * route:ListPolicies                           → [policy]
 * route:NodePolicy        name (empty: all)    → node routing / [node routing]
 * route:Stats             name, since          → per-version call and error counts
 * route:SealHours         name, maxHours (1..48) → {route,sealed,from,next,more}: sums finished hours
 * route:History           name                 → [change]
 * route:EmergencyRollback name, reason         → {policy,by,reason}, event weft.route.emergency-rollback
 * </pre>
 *
 * trafficClass is {@code TEST} (pre-release test traffic), {@code GRAY} or
 * {@code PRODUCTION} (labelled by the caller), or empty / {@code AUTO} (regular
 * traffic: gray or production by the gray rule); an empty routing key
 * means the caller's identity; argsJson is a JSON array of strings. A call the
 * version refuses fails with TARGET_FAILED and commits nothing (not even the
 * version's partial writes); its caller counts it with {@code ReportError}.
 *
 * <p>{@code SealHours} (issue 16) adds up, in order from where the route's sealing
 * stands, each hour that ended at least an hour before the transaction's timestamp into
 * one summary key, at most {@code maxHours} of them; {@code Stats} then reads one key
 * for such an hour. Any member may call it; a gateway master calls it every hour for
 * each route, again while {@code more} is true. It emits no event; evaluated, it writes
 * nothing and answers what a submission would seal.
 *
 * <pre>
 * peer chaincode invoke … -c '{"function":"route:Invoke","Args":["asset","","customer-42","CreateAsset","[\"a1\",\"alice\",\"10\"]"]}'
 * </pre>
 */
@Contract(name = "route", info = @Info(title = "Weft routing", version = "1",
        license = @License(name = "Apache-2.0")))
public final class RouteContract implements ContractInterface {

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Invoke")
    public String invoke(Context ctx, String name, String trafficClass, String routingKey, String function,
            String argsJson) {
        return Json.write(Router.call(Ledger.of(ctx), name, trafficClass, routingKey, function, argsJson, true));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "Query")
    public String query(Context ctx, String name, String trafficClass, String routingKey, String function,
            String argsJson) {
        return Json.write(Router.call(Ledger.of(ctx), name, trafficClass, routingKey, function, argsJson, false));
    }

    /** The caller's organisation reports its failed routed call; see {@link Router#reportError}. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "ReportError")
    public String reportError(Context ctx, String name, String trafficClass, String routingKey, String function,
            String failedTxId) {
        return Json.write(Router.reportError(Ledger.of(ctx), name, trafficClass, routingKey, function, failedTxId));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "Resolve")
    public String resolve(Context ctx, String name, String trafficClass, String routingKey) {
        Ledger ledger = Ledger.of(ctx);
        return Json.write(Resolver.resolve(Rollout.require(ledger, name), trafficClass, routingKey, ledger.caller()));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetPolicy")
    public String getPolicy(Context ctx, String name) {
        return Json.write(Rollout.require(Ledger.of(ctx), name));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "ListPolicies")
    public String listPolicies(Context ctx) {
        return Json.write(Ledger.of(ctx).list(RoutePolicy.class, RouteKeys.POLICY));
    }

    /** The node-logic policy of one route, or of every NODE route when {@code name} is empty. */
    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "NodePolicy")
    public String nodePolicy(Context ctx, String name) {
        Ledger ledger = Ledger.of(ctx);
        if (name == null || name.isEmpty()) {
            List<NodeRouting> all = ledger.list(RoutePolicy.class, RouteKeys.POLICY).stream()
                    .filter(p -> p.kindEnum() == RouteKind.NODE).map(NodeRouting::of).toList();
            return Json.write(all);
        }
        RoutePolicy p = Rollout.require(ledger, name);
        if (p.kindEnum() != RouteKind.NODE) {
            throw WeftException.of(ErrorCode.CONFLICT, "route %s routes chaincode calls, not node logic", name);
        }
        return Json.write(NodeRouting.of(p));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "Stats")
    public String stats(Context ctx, String name, String since) {
        return Json.write(CallStats.of(Ledger.of(ctx), name, since));
    }

    /** Seals up to {@code maxHours} finished hours of the route's statistics; see {@link HourSeal}. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "SealHours")
    public String sealHours(Context ctx, String name, String maxHours) {
        return Json.write(HourSeal.seal(Ledger.of(ctx), name, maxHours));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "History")
    public String history(Context ctx, String name) {
        Ledger ledger = Ledger.of(ctx);
        Rollout.require(ledger, name);
        return Json.write(ledger.list(RouteChange.class, RouteKeys.CHANGE, name));
    }

    /** Rolls back at once when a passed rollout operation pre-approved it for the caller; see {@link Rollout}. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "EmergencyRollback")
    public String emergencyRollback(Context ctx, String name, String reason) {
        return Json.write(Rollout.emergencyRollback(Ledger.of(ctx), name, reason));
    }
}
