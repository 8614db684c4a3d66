package dev.weft.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.governance.Columns;
import dev.weft.gateway.governance.ProposalViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text views of routes for the CLI: where each traffic class goes, each
 * version's calls and errors, a route's history, routed calls.
 *
 * <pre>{@code
 * out.print(RouteViews.traffic(routes.requirePolicy("asset")) + RouteViews.stats(routes.stats("asset", "")));
 * }</pre>
 */
public final class RouteViews {
    private RouteViews() {
    }

    /** The phase and, per traffic class, the version and its target; the gray rule on the gray line. */
    public static String traffic(JsonNode policy) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "route %s (%s)  phase %s  revision %d%n",
                policy.path("name").asText(), policy.path("kind").asText(), policy.path("phase").asText(),
                policy.path("revision").asLong()));
        Columns t = new Columns("  CLASS", "VERSION", "GOES TO", "RULE");
        for (TrafficClass c : List.of(TrafficClass.TEST, TrafficClass.GRAY, TrafficClass.PRODUCTION)) {
            String which = policy.path("classes").path(c.field()).asText();
            JsonNode v = "NEW".equals(which) ? policy.path("newVersion") : policy.path("oldVersion");
            String rule = c == TrafficClass.GRAY ? grayRule(policy.path("gray")) : "";
            t.row("  " + c.field(), which, target(v), rule);
        }
        out.append(t);
        if (policy.hasNonNull("emergencyRollback")) {
            out.append("  emergency rollback pre-approved for ").append(principals(policy.path("emergencyRollback")))
                    .append('\n');
        }
        return out.toString();
    }

    /**
     * Each version's calls and errors, in total and per class, and which organisation reported the errors
     * (a failed call commits nothing; its caller's organisation reports it under its own identity).
     */
    public static String stats(JsonNode stats) {
        Columns t = new Columns("  VERSION", "CHAINCODE", "ROLE", "CALLS", "ERRORS", "ERROR RATE", "BY CLASS",
                "ERRORS REPORTED BY");
        for (JsonNode v : stats.path("versions")) {
            List<String> classes = new ArrayList<>();
            v.path("byClass").fields().forEachRemaining(e -> classes.add(e.getKey() + " "
                    + e.getValue().path("calls").asLong() + "/" + e.getValue().path("errors").asLong() + " err"));
            List<String> reporters = new ArrayList<>();
            v.path("errorsByReporter").fields().forEachRemaining(e -> reporters.add(e.getKey() + " "
                    + e.getValue().asLong()));
            t.row("  " + v.path("label").asText(), v.path("chaincode").asText(), v.path("role").asText("-"),
                    v.path("calls").asLong(), v.path("errors").asLong(), percent(v.path("errorRateBps").asInt()),
                    String.join(", ", classes), reporters.isEmpty() ? "-" : String.join(", ", reporters));
        }
        return t.size() == 0 ? "  no routed calls since " + stats.path("since").asText() + "\n" : t.toString();
    }

    /** One line per change of the route. */
    public static String history(JsonNode changes) {
        Columns t = new Columns("  REV", "OPERATION", "PHASE", "BY", "PROPOSAL", "TIME");
        changes.forEach(c -> t.row("  " + c.path("revision").asLong(), c.path("operation").asText()
                + (c.path("reason").asText().isEmpty() ? "" : " (" + c.path("reason").asText() + ")"),
                c.path("phase").asText(), ProposalViews.who(c.path("by").asText()),
                c.path("proposalId").asText("-"), c.path("time").asText()));
        return t.toString();
    }

    /** A routed call: where it went and what it answered. */
    public static String call(Invoker.Result r) {
        boolean node = r.kind().equals("NODE");
        String where = String.format(Locale.ROOT, "%s route %s: class %s (%s, bucket %d) -> %s", node ? "node"
                : "chaincode", r.route(), r.trafficClass(), r.matchedBy(), r.bucket(), node ? "logic " + r.label()
                + " on peers of " + r.target() : "version " + r.label() + " (" + r.target() + ")");
        String tx = r.transactionId() == null ? "evaluated" : (r.ok() ? "tx " : "nothing committed; failure "
                + "reported in tx ") + r.transactionId() + " in block " + r.blockNumber();
        String outcome = r.ok() ? "ok" : "FAILED " + r.status() + " " + r.message();
        return where + "\n  " + outcome + "; " + tx + (r.payload().isEmpty() ? "" : "\n  " + r.payload()) + "\n";
    }

    /** Where a run of calls landed. */
    public static String landings(TrafficRun.Summary s) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d call(s) through %s:%n", s.calls(),
                s.route()));
        Columns t = new Columns("  VERSION", "TARGET", "CALLS", "SHARE", "ERRORS", "CLASSES");
        for (TrafficRun.Landing l : s.landings()) {
            List<String> classes = new ArrayList<>();
            for (Map.Entry<String, Integer> e : l.byClass().entrySet()) {
                classes.add(e.getKey() + " " + e.getValue());
            }
            t.row("  " + l.label(), l.target(), l.calls(), percent(l.calls() * 10_000 / s.calls()), l.errors(),
                    String.join(", ", classes));
        }
        out.append(t);
        if (s.refused() > 0) {
            out.append("  ").append(s.refused()).append(" call(s) refused before routing, e.g. ")
                    .append(s.firstRefusal()).append('\n');
        }
        return out.toString();
    }

    static String target(JsonNode version) {
        if (version.isMissingNode() || version.isNull()) {
            return "-";
        }
        if (version.hasNonNull("chaincode")) {
            return version.path("label").asText() + " (" + version.path("chaincode").asText() + ")";
        }
        List<String> orgs = new ArrayList<>();
        version.path("orgs").forEach(o -> orgs.add(o.asText()));
        return version.path("label").asText() + " (peers of " + String.join(",", orgs) + ")";
    }

    private static String grayRule(JsonNode gray) {
        if (gray.isMissingNode() || gray.isNull()) {
            return "";
        }
        String weight = percent(gray.path("weightBps").asInt()) + " of routing keys";
        JsonNode cohort = gray.path("cohort");
        return cohort.isMissingNode() || cohort.isNull() ? weight : weight + " + cohort " + principals(cohort);
    }

    private static String principals(JsonNode p) {
        List<String> out = new ArrayList<>();
        p.path("orgs").forEach(o -> out.add(o.asText()));
        p.path("identities").forEach(i -> out.add(ProposalViews.who(i.asText())));
        return String.join(",", out);
    }

    static String percent(int bps) {
        return String.format(Locale.ROOT, "%d.%02d%%", bps / 100, bps % 100);
    }
}
