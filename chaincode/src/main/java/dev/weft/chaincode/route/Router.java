package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.Chaincode;

/**
 * The router entry point (S2.7): resolves a call and forwards it to the chosen
 * version chaincode-to-chaincode, in the same transaction and under the
 * caller's own signed proposal, so the version applies its own access control.
 *
 * <p>A version that refuses the call (or cannot be run) fails the whole
 * transaction with TARGET_FAILED: whatever the version wrote before failing is
 * never committed, and the version's own error text goes back to the caller
 * in the failed proposal's message only, never into an endorsed payload. A
 * successful submitted call leaves a {@link CallRecord}; a failed one is
 * counted from the caller's {@link ErrorReport} ({@link #reportError}).
 *
 * <p>Either is filed under its transaction's hour, unless that hour is sealed
 * already ({@link HourSeal}): then under the route's late keys, which
 * {@code route:Stats} adds to the hour's summary. To know, the router reads the
 * hour's summary key: one point read per recorded call or report, the only cost
 * statistics add to a routed call (issue 16).
 */
final class Router {
    static final int MAX_ARGS = 64;
    static final int MAX_FUNCTION = 128;
    private static final int ERROR_THRESHOLD = 400;
    private static final String TX_ID = "[0-9a-f]{64}";
    private static final String CODE = "[A-Z][A-Z0-9_]{1,39}";

    private Router() {
    }

    /**
     * The answer of {@code route:Invoke} and {@code route:Query}: where the call
     * went and the version's answer.
     *
     * <pre>{"resolution":{…},"ok":true,"status":200,"payload":"{\"id\":\"a1\",…,\"version\":\"2\"}"}</pre>
     */
    record RoutedCall(Resolver.Resolution resolution, boolean ok, int status, String payload) {
    }

    /** The answer of {@code route:ReportError}: the recorded report and the resolution it was counted against. */
    record Reported(Resolver.Resolution resolution, ErrorReport report) {
    }

    static RoutedCall call(Ledger ledger, String name, String trafficClass, String routingKey, String function,
            String argsJson, boolean record) {
        Caller caller = Members.requireMember(ledger);
        function(function);
        List<String> args = new ArrayList<>();
        args.add(function);
        args.addAll(args(argsJson));
        Resolver.Resolution r = resolve(ledger, name, trafficClass, routingKey, caller);
        String chaincode = r.target().chaincode();
        Chaincode.Response response;
        try {
            response = ledger.invoke(chaincode, args);
        } catch (RuntimeException e) {
            // The peer could not run the version at all (not installed, not reachable).
            throw WeftException.of(ErrorCode.TARGET_FAILED, "route %s: version %s (%s) could not be run",
                    name, r.target().label(), chaincode);
        }
        int status = response.getStatusCode();
        if (status >= ERROR_THRESHOLD) {
            throw WeftException.of(ErrorCode.TARGET_FAILED, "route %s: version %s (%s) refused %s with status %d%s",
                    name, r.target().label(), chaincode, function, status, calleeCode(response));
        }
        byte[] bytes = response.getPayload();
        String payload = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        if (record) {
            Instant time = ledger.txTime();
            String key = sealed(ledger, name, time) ? RouteKeys.lateCall(ledger, name, time, chaincode, ledger.txId())
                    : RouteKeys.call(ledger, name, time, chaincode, ledger.txId());
            ledger.put(key, new CallRecord(name, chaincode, r.target().label(), r.trafficClass(), function, true,
                    status, time.toString(), ledger.txId()));
        }
        return new RoutedCall(r, true, status, payload);
    }

    /**
     * Records that the caller's routed call {@code failedTxId} failed. The
     * version blamed is the one the route resolves this caller's call to now
     * (same class and routing key), so a reporter cannot charge a version it
     * did not reach; the report is the reporter's own (its identity, one key per
     * organisation and failed transaction). ALREADY_EXISTS for a second report.
     */
    static Reported reportError(Ledger ledger, String name, String trafficClass, String routingKey, String function,
            String failedTxId) {
        Caller caller = Members.requireMember(ledger);
        function(function);
        if (failedTxId == null || !failedTxId.matches(TX_ID) || failedTxId.equals(ledger.txId())) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "failedTxId must be another transaction's ID (64 hex)");
        }
        Resolver.Resolution r = resolve(ledger, name, trafficClass, routingKey, caller);
        String key = RouteKeys.error(ledger, name, r.target().chaincode(), caller.mspId(), failedTxId);
        if (ledger.exists(key)) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "%s already reported the failure of %s",
                    caller.mspId(), failedTxId);
        }
        ErrorReport report = new ErrorReport(name, r.target().chaincode(), r.target().label(), r.trafficClass(),
                function, failedTxId, caller.qualifiedId(), caller.mspId(), r.revision(),
                ledger.txTime().toString(), ledger.txId());
        ledger.putOwned(key, report, caller.mspId());
        Instant time = ledger.txTime();
        ledger.put(sealed(ledger, name, time)
                ? RouteKeys.lateError(ledger, name, time, r.target().chaincode(), caller.mspId(), failedTxId)
                : RouteKeys.errorByHour(ledger, name, time, r.target().chaincode(), caller.mspId(), failedTxId),
                report);
        return new Reported(r, report);
    }

    /**
     * Whether the hour of {@code time} is sealed already (its {@link HourSummary} exists): the router's one
     * read for statistics (issue 16). An honest call reads the marker of its current hour, which no seal writes
     * until an hour after that hour ends, so it never conflicts with a seal; a backdated call racing the seal of
     * its hour conflicts with it on this key or on the seal's range, and one of the two fails.
     */
    private static boolean sealed(Ledger ledger, String name, Instant time) {
        return ledger.exists(RouteKeys.hourSummary(ledger, name, time));
    }

    private static Resolver.Resolution resolve(Ledger ledger, String name, String trafficClass, String routingKey,
            Caller caller) {
        RoutePolicy policy = Rollout.require(ledger, name);
        if (policy.kindEnum() != RouteKind.CHAINCODE) {
            throw WeftException.of(ErrorCode.CONFLICT, "route %s routes node logic, not chaincode calls", name);
        }
        return Resolver.resolve(policy, trafficClass, routingKey, caller);
    }

    private static void function(String function) {
        if (function == null || function.isBlank() || function.length() > MAX_FUNCTION) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "function must be 1..%d characters", MAX_FUNCTION);
        }
    }

    /** The version's stable error code when its payload is one (as Weft-style contracts send); never its text. */
    private static String calleeCode(Chaincode.Response response) {
        byte[] p = response.getPayload();
        String code = p == null ? "" : new String(p, StandardCharsets.UTF_8);
        return code.matches(CODE) ? " (" + code + ")" : "";
    }

    private static List<String> args(String argsJson) {
        if (argsJson == null || argsJson.isBlank()) {
            return List.of();
        }
        String[] parsed = Json.parseArgument("arguments", argsJson, String[].class);
        if (parsed.length > MAX_ARGS) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "more than %d arguments", MAX_ARGS);
        }
        for (String a : parsed) {
            if (a == null) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "arguments must be a JSON array of strings");
            }
        }
        return List.of(parsed);
    }
}
