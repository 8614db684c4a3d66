package dev.weft.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.json.Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code route} contract as the gateway and CLI use it (S2.7–S2.9): policies,
 * resolution, per-version statistics, history, the node-logic policy, routed
 * calls through the router, and the pre-approved emergency rollback.
 *
 * <pre>{@code
 * Routes routes = new Routes(chain);
 * Routes.Answer a = routes.invoke("asset", TrafficClass.TEST, "k1", "CreateAsset", List.of("a1", "alice", "10"));
 * JsonNode stats = routes.stats("asset", "");
 * }</pre>
 */
public final class Routes {
    private final ChainClient chain;

    /**
     * The router's answer — {@code {"resolution":{…},"ok":…,"status":…,"message":…,"payload":…}} —
     * and, for a submitted call, its transaction. For a failed call {@code ok} is false, the message is
     * the peer's (read here, never on chain), and the transaction is the error report's.
     */
    public record Answer(JsonNode routed, String transactionId, long blockNumber) {
    }

    public Routes(ChainClient chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    public ChainClient chain() {
        return chain;
    }

    /** The route's policy, or empty when no route has that name. */
    public Optional<JsonNode> policy(String name) {
        try {
            return Optional.of(evaluate("route:GetPolicy", name));
        } catch (ChainException e) {
            if (e.is(ErrorCode.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public JsonNode requirePolicy(String name) {
        return policy(name).orElseThrow(() -> new IllegalArgumentException("there is no route " + name));
    }

    public JsonNode policies() {
        return evaluate("route:ListPolicies");
    }

    /** Where a call would go, resolved on chain for the caller of this connection. */
    public JsonNode resolve(String name, TrafficClass cls, String routingKey) {
        return evaluate("route:Resolve", name, cls.wire(), nullToEmpty(routingKey));
    }

    /** Per-version calls and errors at or after {@code since} (ISO-8601; empty for all). */
    public JsonNode stats(String name, String since) {
        return evaluate("route:Stats", name, nullToEmpty(since));
    }

    public JsonNode history(String name) {
        return evaluate("route:History", name);
    }

    /** The node-logic policy of a NODE route (S2.9): the label and organisations each class reaches. */
    public JsonNode nodePolicy(String name) {
        return evaluate("route:NodePolicy", name);
    }

    /**
     * A routed, recorded call (submitted): the router forwards it to the version the policy picks. When the
     * version refuses it, the call commits nothing and this organisation reports the failure under its own
     * identity ({@code route:ReportError}), which is what the route's error statistics count.
     */
    public Answer invoke(String name, TrafficClass cls, String routingKey, String function, List<String> args) {
        String key = nullToEmpty(routingKey);
        try {
            ChainClient.Committed tx = chain.submit("route:Invoke", name, cls.wire(), key, function,
                    Json.CONTRACT.write(args));
            return new Answer(Json.CONTRACT.read(tx.resultText(), "route:Invoke"), tx.transactionId(), tx.blockNumber());
        } catch (ChainException e) {
            if (!e.is(ErrorCode.TARGET_FAILED) || e.transactionId() == null) {
                throw e;
            }
            ChainClient.Committed report = chain.submit("route:ReportError", name, cls.wire(), key, function,
                    e.transactionId());
            JsonNode reported = Json.CONTRACT.read(report.resultText(), "route:ReportError");
            return new Answer(failed(reported.path("resolution"), e).set("report", reported.path("report")),
                    report.transactionId(), report.blockNumber());
        }
    }

    /** A routed read (evaluated, not recorded, never reported). */
    public Answer query(String name, TrafficClass cls, String routingKey, String function, List<String> args) {
        try {
            return new Answer(evaluate("route:Query", name, cls.wire(), nullToEmpty(routingKey), function,
                    Json.CONTRACT.write(args)), null, 0);
        } catch (ChainException e) {
            if (!e.is(ErrorCode.TARGET_FAILED)) {
                throw e;
            }
            return new Answer(failed(resolve(name, cls, routingKey), e), null, 0);
        }
    }

    private static ObjectNode failed(JsonNode resolution, ChainException e) {
        ObjectNode routed = Json.CONTRACT.object();
        routed.set("resolution", resolution);
        routed.put("ok", false).put("status", 500).put("message", e.reason()).put("payload", "");
        return routed;
    }

    /** Rolls back at once when a passed rollout step pre-approved it for this caller. */
    public JsonNode emergencyRollback(String name, String reason) {
        return Json.CONTRACT.read(chain.submit("route:EmergencyRollback", name, nullToEmpty(reason)).resultText(),
                "route:EmergencyRollback");
    }

    private JsonNode evaluate(String function, String... args) {
        return Json.CONTRACT.read(chain.evaluateText(function, args), function);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
