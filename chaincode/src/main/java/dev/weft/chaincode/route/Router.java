package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.Chaincode;

/**
 * The router entry point (S2.7): resolves a call and forwards it to the chosen
 * version chaincode-to-chaincode, in the same transaction and under the
 * caller's own signed proposal, so the version applies its own access control.
 *
 * <p>The version's answer comes back in an envelope that names the version, and
 * a submitted call leaves a {@link CallRecord} — also when the version failed,
 * so error rates per version can be read from the ledger. That is why a failed
 * call is a committed transaction with {@code "ok":false}: the router cannot
 * undo what the version wrote before failing, so routed contracts must (as
 * every Weft contract does) check everything before they write.
 */
final class Router {
    static final int MAX_ARGS = 64;
    static final int MAX_FUNCTION = 128;
    private static final int ERROR_THRESHOLD = 400;

    private Router() {
    }

    /**
     * The answer of {@code route:Invoke} and {@code route:Query}.
     *
     * <pre>{"resolution":{…},"ok":true,"status":200,"message":"","payload":"{\"id\":\"a1\",…,\"version\":\"2\"}"}</pre>
     */
    record RoutedCall(Resolver.Resolution resolution, boolean ok, int status, String message, String payload) {
    }

    static RoutedCall call(Ledger ledger, String name, String trafficClass, String routingKey, String function,
            String argsJson, boolean record) {
        Caller caller = Members.requireMember(ledger);
        if (function == null || function.isBlank() || function.length() > MAX_FUNCTION) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "function must be 1..%d characters", MAX_FUNCTION);
        }
        List<String> args = new ArrayList<>();
        args.add(function);
        args.addAll(args(argsJson));
        RoutePolicy policy = Rollout.require(ledger, name);
        if (policy.kindEnum() != RouteKind.CHAINCODE) {
            throw WeftException.of(ErrorCode.CONFLICT, "route %s routes node logic, not chaincode calls", name);
        }
        Resolver.Resolution r = Resolver.resolve(policy, trafficClass, routingKey, caller);
        int status;
        String message;
        String payload;
        try {
            Chaincode.Response response = ledger.invoke(r.target().chaincode(), args);
            status = response.getStatusCode();
            message = response.getMessage() == null ? "" : response.getMessage();
            byte[] bytes = response.getPayload();
            payload = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            // The peer could not run the version at all (not installed, not reachable).
            status = 500;
            message = "cannot reach " + r.target().chaincode() + ": " + e.getMessage();
            payload = "";
        }
        boolean ok = status < ERROR_THRESHOLD;
        if (record) {
            ledger.put(RouteKeys.call(ledger, name, r.target().chaincode(), ledger.txId()), new CallRecord(name,
                    r.target().chaincode(), r.target().label(), r.trafficClass(), function, ok, status,
                    ledger.txTime().toString(), ledger.txId()));
        }
        return new RoutedCall(r, ok, status, message, payload);
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
