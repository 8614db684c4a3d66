package dev.weft.gateway.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The governed routing operations (S2.7–S2.9) as {@code gov:Propose} takes them:
 * {@code {"type":…,"target":ROUTE,"params":{…}}}. Only what is given is written,
 * since the chaincode refuses unknown fields and fills in defaults itself.
 *
 * <pre>{@code
 * ObjectNode op = RolloutOperations.preRelease("asset", Version.parse("asset_v1@1"), Version.parse("asset_v2@2"), null);
 * ObjectNode gray = RolloutOperations.gray("asset", RolloutOperations.weightBps("10%"), null, null);
 * }</pre>
 */
public final class RolloutOperations {
    private RolloutOperations() {
    }

    /**
     * One version of a route: a deployed chaincode ({@code "asset_v2@2"}: chaincode
     * asset_v2, label 2; the label defaults to the chaincode's name), or node logic
     * run by organisations' peers (a label and its organisations).
     */
    public record Version(String label, String chaincode, List<String> orgs) {
        public static Version parse(String spec) {
            int at = spec.indexOf('@');
            return at < 0 ? new Version(spec, spec, null) : new Version(spec.substring(at + 1),
                    spec.substring(0, at), null);
        }

        public static Version node(String label, List<String> orgs) {
            return new Version(label, null, List.copyOf(orgs));
        }

        boolean isNode() {
            return orgs != null;
        }
    }

    /** Organisations and identities (a gray cohort, or who may roll back in an emergency); null when empty. */
    public record Principals(List<String> orgs, List<String> identities) {
        public static Principals of(List<String> orgs, List<String> identities) {
            boolean none = (orgs == null || orgs.isEmpty()) && (identities == null || identities.isEmpty());
            return none ? null : new Principals(orgs == null ? List.of() : List.copyOf(orgs),
                    identities == null ? List.of() : List.copyOf(identities));
        }
    }

    /** Starts a route ({@code old} given) or a new rollout of an existing one: test traffic to {@code neu}. */
    public static ObjectNode preRelease(String route, Version old, Version neu, Principals emergency) {
        ObjectNode params = Json.CONTRACT.object();
        params.put("kind", neu.isNode() ? "NODE" : "CHAINCODE");
        if (old != null) {
            params.set("oldVersion", version(old));
        }
        params.set("newVersion", version(neu));
        putPrincipals(params, "emergencyRollback", emergency);
        return operation("PRE_RELEASE", route, params);
    }

    /** The gray slice: {@code weightBps} of routing keys (0..10000) and the cohort go to the new version. */
    public static ObjectNode gray(String route, int weightBps, Principals cohort, Principals emergency) {
        ObjectNode params = Json.CONTRACT.object();
        params.put("weightBps", weightBps);
        putPrincipals(params, "cohort", cohort);
        putPrincipals(params, "emergencyRollback", emergency);
        return operation("GRAY", route, params);
    }

    /** Production traffic to the new version. */
    public static ObjectNode switchover(String route, Principals emergency) {
        ObjectNode params = Json.CONTRACT.object();
        putPrincipals(params, "emergencyRollback", emergency);
        return operation("SWITCH", route, params);
    }

    /** Every class back to the old version. */
    public static ObjectNode rollback(String route, String reason) {
        return operation("ROLLBACK", route, note(reason));
    }

    /** The new version becomes the only one. */
    public static ObjectNode finalizeRollout(String route, String reason) {
        return operation("FINALIZE", route, note(reason));
    }

    /** "10%", "0.5%", "1000bps" or "1000" (basis points) as basis points 0..10000. */
    public static int weightBps(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            int bps = t.endsWith("%") ? new BigDecimal(t.substring(0, t.length() - 1)).movePointRight(2)
                    .intValueExact() : Integer.parseInt(t.endsWith("bps") ? t.substring(0, t.length() - 3) : t);
            if (bps < 0 || bps > 10_000) {
                throw new IllegalArgumentException("a gray weight must be 0..100%, was " + text);
            }
            return bps;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("a gray weight is a percentage (10%, 0.5%) or basis points "
                    + "(1000bps), was " + text, e);
        }
    }

    private static ObjectNode operation(String type, String route, ObjectNode params) {
        ObjectNode op = Json.CONTRACT.object();
        op.put("type", type);
        op.put("target", route);
        op.set("params", params);
        return op;
    }

    private static ObjectNode version(Version v) {
        ObjectNode node = Json.CONTRACT.object();
        node.put("label", v.label());
        if (v.isNode()) {
            ArrayNode orgs = node.putArray("orgs");
            v.orgs().forEach(orgs::add);
        } else {
            node.put("chaincode", v.chaincode());
        }
        return node;
    }

    private static ObjectNode note(String reason) {
        ObjectNode params = Json.CONTRACT.object();
        if (reason != null && !reason.isEmpty()) {
            params.put("reason", reason);
        }
        return params;
    }

    private static void putPrincipals(ObjectNode params, String field, Principals p) {
        if (p == null) {
            return;
        }
        ObjectNode node = params.putObject(field);
        p.orgs().forEach(node.putArray("orgs")::add);
        p.identities().forEach(node.putArray("identities")::add);
    }
}
