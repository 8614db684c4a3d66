package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the closed hours of every route's call statistics (issue 16): on the scheduler's
 * cadence, for each route of {@code route:ListPolicies}, asks {@code route:SealHours} what it
 * would seal (an evaluation, which writes nothing) and submits it only when that is something,
 * up to 48 hours per transaction and again while the chaincode answers {@code more}. Every
 * organisation's acting gateway does this; when two seal the same hours at once, one
 * transaction conflicts and its retry finds nothing left to seal. A route that fails is logged
 * and left to the next round; the others go on.
 */
final class RouteSealer {
    private static final Logger LOG = LoggerFactory.getLogger(RouteSealer.class);
    /** Hours sealed per transaction, the chaincode's bound. */
    static final String HOURS_PER_CALL = "48";
    /** Transactions per route and round: a route a month behind catches up in one round. */
    static final int MAX_CALLS_PER_ROUTE = 16;

    /** The two chain calls this needs, as text answers. */
    interface Chain {
        String evaluate(String function, String... args);

        String submit(String function, String... args);

        static Chain of(ChainClient chain) {
            return new Chain() {
                @Override
                public String evaluate(String function, String... args) {
                    return chain.evaluateText(function, args);
                }

                @Override
                public String submit(String function, String... args) {
                    return chain.submit(function, args).resultText();
                }
            };
        }
    }

    private final Chain chain;

    RouteSealer(Chain chain) {
        this.chain = chain;
    }

    /** One round over every route; the hours sealed in it. */
    int round() {
        int sealed = 0;
        for (String route : routes()) {
            try {
                sealed += seal(route);
            } catch (RuntimeException e) {
                LOG.warn("route {}: sealing its closed hours failed ({}); the next round tries again", route,
                        e.toString());
            }
        }
        return sealed;
    }

    private int seal(String route) {
        int sealed = 0;
        for (int call = 0; call < MAX_CALLS_PER_ROUTE; call++) {
            if (Json.PLAIN.read(chain.evaluate("route:SealHours", route, HOURS_PER_CALL), "seal answer").path("sealed").asInt() == 0) {
                break;
            }
            JsonNode done = Json.PLAIN.read(chain.submit("route:SealHours", route, HOURS_PER_CALL), "seal answer");
            sealed += done.path("sealed").asInt();
            if (!done.path("more").asBoolean()) {
                break;
            }
        }
        if (sealed > 0) {
            LOG.info("route {}: sealed {} closed hours of call statistics", route, sealed);
        }
        return sealed;
    }

    private List<String> routes() {
        List<String> names = new ArrayList<>();
        Json.PLAIN.read(chain.evaluate("route:ListPolicies"), "route list").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }
}
