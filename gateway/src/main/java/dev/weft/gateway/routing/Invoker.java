package dev.weft.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a logical name the way its routing policy says. For a CHAINCODE route
 * (S2.7, S2.8) the call goes through the router ({@code route:Invoke}, or
 * {@code route:Query} to read), which forwards it to the version of its traffic
 * class and records it; for a NODE route (S2.9) the call goes straight to its
 * chaincode, endorsed only by the peers of the organisations that run the logic
 * its class must reach, as the chaincode resolves the call ({@code route:Resolve},
 * for this connection's identity: the rule lives only there). Policies' kinds are
 * read once per invoker.
 *
 * <pre>{@code
 * Invoker invoker = new Invoker(chain);
 * Invoker.Result r = invoker.call(new Invoker.Request("asset", TrafficClass.GRAY, "k1", "CreateAsset",
 *         List.of("a1", "alice", "10"), false, null));
 * }</pre>
 */
public final class Invoker {
    private final ChainClient chain;
    private final Routes routes;
    private final Map<String, JsonNode> policies = new ConcurrentHashMap<>();

    /**
     * One call: route, class, routing key (empty: the caller's identity), function
     * and arguments; {@code evaluate} to read without a transaction; for a NODE
     * route, the chaincode to call (null: the connection's) and, to override the
     * policy, the organisations that must endorse it (empty: those the policy names;
     * a node-logic chaincode refuses a call the policy sends elsewhere, S2.9).
     */
    public record Request(String route, TrafficClass trafficClass, String routingKey, String function,
            List<String> args, boolean evaluate, String chaincode, List<String> endorsingOrgs) {
        public Request {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(function, "function");
            trafficClass = trafficClass == null ? TrafficClass.AUTO : trafficClass;
            args = args == null ? List.of() : List.copyOf(args);
            endorsingOrgs = endorsingOrgs == null ? List.of() : List.copyOf(endorsingOrgs);
        }

        public Request(String route, TrafficClass trafficClass, String routingKey, String function,
                List<String> args, boolean evaluate, String chaincode) {
            this(route, trafficClass, routingKey, function, args, evaluate, chaincode, List.of());
        }
    }

    /** The transient fields a node-logic chaincode checks a call against the policy with (S2.9). */
    public static final String ROUTE_FIELD = "weft.route";
    public static final String CLASS_FIELD = "weft.class";
    public static final String KEY_FIELD = "weft.key";

    /**
     * Where a call went and what came back. {@code version} is OLD or NEW for a
     * chaincode route, the logic label for a node route; {@code target} the
     * chaincode it reached, or the endorsing organisations.
     */
    public record Result(String route, String kind, String phase, long revision, String trafficClass,
            String matchedBy, int bucket, String version, String label, String target, boolean ok, int status,
            String message, String payload, String transactionId, long blockNumber) {
    }

    public Invoker(ChainClient chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.routes = new Routes(chain);
    }

    public Result call(Request r) {
        JsonNode policy = policies.computeIfAbsent(r.route(), routes::requirePolicy);
        return "NODE".equals(policy.path("kind").asText()) ? node(r) : chaincode(r);
    }

    private Result chaincode(Request r) {
        Routes.Answer a = r.evaluate()
                ? routes.query(r.route(), r.trafficClass(), r.routingKey(), r.function(), r.args())
                : routes.invoke(r.route(), r.trafficClass(), r.routingKey(), r.function(), r.args());
        JsonNode res = a.routed().path("resolution");
        return new Result(r.route(), "CHAINCODE", res.path("phase").asText(), res.path("revision").asLong(),
                res.path("trafficClass").asText(), res.path("matchedBy").asText(), res.path("bucket").asInt(),
                res.path("version").asText(), res.path("target").path("label").asText(),
                res.path("target").path("chaincode").asText(), a.routed().path("ok").asBoolean(),
                a.routed().path("status").asInt(), a.routed().path("message").asText(),
                a.routed().path("payload").asText(), a.transactionId(), a.blockNumber());
    }

    private Result node(Request r) {
        Resolved to = Resolved.of(routes.resolve(r.route(), r.trafficClass(), r.routingKey()));
        List<String> orgs = r.endorsingOrgs().isEmpty() ? to.orgs() : r.endorsingOrgs();
        // The chaincode resolves the same request itself (route:Resolve) and refuses it when its logic is not
        // the one the policy names for the class: what it gets is what was asked, not this client's verdict.
        ChainClient.Target target = new ChainClient.Target(r.chaincode(), orgs, Map.of(ROUTE_FIELD, r.route(),
                CLASS_FIELD, r.trafficClass().name(), KEY_FIELD, to.routingKey()));
        String[] args = r.args().toArray(String[]::new);
        String targetText = String.join(",", orgs);
        try {
            String payload;
            String txId = null;
            long block = 0;
            if (r.evaluate()) {
                payload = new String(chain.evaluate(target, r.function(), args), StandardCharsets.UTF_8);
            } else {
                ChainClient.Committed tx = chain.submit(target, r.function(), args);
                payload = tx.resultText();
                txId = tx.transactionId();
                block = tx.blockNumber();
            }
            return new Result(r.route(), "NODE", to.phase(), to.revision(), to.trafficClass(), to.matchedBy(),
                    to.bucket(), to.label(), to.label(), targetText, true, 200, "", payload, txId, block);
        } catch (ChainException e) {
            // The logic was reached and refused, or its peers could not be reached: the call failed there.
            return new Result(r.route(), "NODE", to.phase(), to.revision(), to.trafficClass(), to.matchedBy(),
                    to.bucket(), to.label(), to.label(), targetText, false, 500, e.code() + ": " + e.getMessage(),
                    "", e.transactionId(), 0);
        }
    }

    /** The chaincode's resolution of a node-routed call: its class, why, its bucket, the logic and its organisations. */
    private record Resolved(String phase, long revision, String trafficClass, String matchedBy, String routingKey,
            int bucket, String label, List<String> orgs) {
        static Resolved of(JsonNode res) {
            List<String> orgs = new ArrayList<>();
            res.path("target").path("orgs").forEach(o -> orgs.add(o.asText()));
            if (orgs.isEmpty()) {
                throw new IllegalStateException("node route " + res.path("route").asText() + " names no organisations"
                        + " for " + res.path("trafficClass").asText());
            }
            return new Resolved(res.path("phase").asText(), res.path("revision").asLong(),
                    res.path("trafficClass").asText(), res.path("matchedBy").asText(),
                    res.path("routingKey").asText(), res.path("bucket").asInt(),
                    res.path("target").path("label").asText(), List.copyOf(orgs));
        }
    }
}
