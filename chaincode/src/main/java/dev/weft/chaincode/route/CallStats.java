package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-version call and error counts of a route, added up at read time from the
 * one-key-per-call records, so a rollout can be judged from ledger data: a
 * call is a committed routed call ({@link CallRecord}, written by the router
 * itself) or a reported failure ({@link ErrorReport}, one per reporting
 * organisation and failed transaction); errors are the reported failures, and
 * {@code errorsByReporter} says which organisation reported how many.
 *
 * <p>Cost (issue 16): records are keyed by the hour of their transaction, so a query
 * with {@code since} reads one range per hour from {@code since}'s to the hour after
 * the query's own timestamp (a client's clock an hour fast or slow still sees every
 * record), and never a record of the hours before; a query without {@code since},
 * or with a window longer than {@link #MAX_HOURS}, reads every record of the route.
 * Call records written before hourly keys (by an earlier chaincode) are counted only
 * by such full reads.
 *
 * <pre>{"route":"asset","since":"2026-01-01T00:00:00Z","versions":[
 *   {"chaincode":"asset_v2","label":"2","role":"NEW","calls":120,"errors":3,"errorRateBps":250,
 *    "byClass":{"GRAY":{"calls":100,"errors":3},"TEST":{"calls":20,"errors":0}},"errorsByReporter":{"Org2MSP":3}}]}</pre>
 */
public record CallStats(String route, String since, List<VersionStats> versions) {

    /** One version's counts; {@code role} is OLD or NEW in the current policy, or "" for a retired version. */
    public record VersionStats(String chaincode, String label, String role, long calls, long errors,
            long errorRateBps, Map<String, Counts> byClass, Map<String, Long> errorsByReporter) {
    }

    public record Counts(long calls, long errors) {
    }

    /** Longest window read hour by hour: a week. */
    static final long MAX_HOURS = 168;

    /** Counts the route's calls at or after {@code since} (an ISO-8601 instant; empty for all). */
    static CallStats of(Ledger ledger, String name, String since) {
        RoutePolicy policy = Rollout.require(ledger, name);
        Instant from = Instant.EPOCH;
        if (since != null && !since.isBlank()) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeException e) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "since %s is not an ISO-8601 instant", since);
            }
        }
        List<CallRecord> calls = new ArrayList<>();
        List<ErrorReport> errors = new ArrayList<>();
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
        Instant lastHour = ledger.txTime().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        if (from.equals(Instant.EPOCH) || ChronoUnit.HOURS.between(firstHour, lastHour) >= MAX_HOURS) {
            calls.addAll(ledger.list(CallRecord.class, RouteKeys.CALL_HOURLY, name));
            calls.addAll(ledger.list(CallRecord.class, RouteKeys.CALL, name));
            errors.addAll(ledger.list(ErrorReport.class, RouteKeys.ERROR, name));
        } else {
            for (Instant h = firstHour; !h.isAfter(lastHour); h = h.plus(1, ChronoUnit.HOURS)) {
                String hour = RouteKeys.hour(h);
                calls.addAll(ledger.list(CallRecord.class, RouteKeys.CALL_HOURLY, name, hour));
                errors.addAll(ledger.list(ErrorReport.class, RouteKeys.ERROR_HOURLY, name, hour));
            }
        }
        Map<String, String> labels = new TreeMap<>();
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, Map<String, long[]>> classes = new TreeMap<>();
        for (CallRecord c : calls) {
            if (Instant.parse(c.time()).isBefore(from)) {
                continue;
            }
            labels.put(c.chaincode(), c.label());
            add(totals.computeIfAbsent(c.chaincode(), k -> new long[2]), c.ok());
            add(classes.computeIfAbsent(c.chaincode(), k -> new TreeMap<>())
                    .computeIfAbsent(c.trafficClass(), k -> new long[2]), c.ok());
        }
        Map<String, Map<String, Long>> reporters = new TreeMap<>();
        for (ErrorReport e : errors) {
            if (Instant.parse(e.time()).isBefore(from)) {
                continue;
            }
            labels.put(e.chaincode(), e.label());
            add(totals.computeIfAbsent(e.chaincode(), k -> new long[2]), false);
            add(classes.computeIfAbsent(e.chaincode(), k -> new TreeMap<>())
                    .computeIfAbsent(e.trafficClass(), k -> new long[2]), false);
            reporters.computeIfAbsent(e.chaincode(), k -> new TreeMap<>()).merge(e.reporterMsp(), 1L, Long::sum);
        }
        List<VersionStats> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : totals.entrySet()) {
            long[] t = e.getValue();
            Map<String, Counts> byClass = new TreeMap<>();
            classes.get(e.getKey()).forEach((cls, n) -> byClass.put(cls, new Counts(n[0], n[1])));
            out.add(new VersionStats(e.getKey(), labels.get(e.getKey()), role(policy, e.getKey()), t[0], t[1],
                    t[1] * Resolver.BUCKETS / t[0], byClass, reporters.getOrDefault(e.getKey(), Map.of())));
        }
        return new CallStats(name, from.toString(), out);
    }

    private static void add(long[] counts, boolean ok) {
        counts[0]++;
        if (!ok) {
            counts[1]++;
        }
    }

    private static String role(RoutePolicy p, String chaincode) {
        if (p.newVersion() != null && chaincode.equals(p.newVersion().chaincode())) {
            return ClassTargets.NEW;
        }
        return p.oldVersion() != null && chaincode.equals(p.oldVersion().chaincode()) ? ClassTargets.OLD : "";
    }
}
