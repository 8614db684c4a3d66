package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Per-version call and error counts of a route, added up at read time from the
 * one-key-per-call records and the hour summaries, so a rollout can be judged from
 * ledger data: a call is a committed routed call ({@link CallRecord}, written by the
 * router itself) or a reported failure ({@link ErrorReport}, one per reporting
 * organisation and failed transaction); errors are the reported failures, and
 * {@code errorsByReporter} says which organisation reported how many.
 *
 * <p>Cost (issue 16): records are keyed by the hour of their transaction, and an
 * hour sealed by {@code route:SealHours} has one {@link HourSummary} of them. A query
 * with {@code since} goes hour by hour from {@code since}'s to the hour after the
 * query's own timestamp (a client's clock an hour fast or slow still sees every
 * record): one point read of the hour's summary, and only for an hour not sealed yet
 * two ranges over its records (calls, errors); the first hour, when {@code since} is
 * not on the hour, is read from its records and filtered by time. It adds the route's
 * late records (records of hours sealed already, {@link RouteKeys#CALL_LATE},
 * {@link RouteKeys#ERROR_LATE}; two ranges) at or after {@code since}. So a window of
 * sealed hours costs the same however many calls it held. A query without
 * {@code since}, or with a window longer than {@link #MAX_HOURS}, reads every summary
 * of the route (one range), the records of the hours from the route's
 * {@link SealCursor} on (hour by hour when that is at most {@link #MAX_HOURS} hours,
 * else one range over all hourly records that skips sealed hours) and the late
 * records, all filtered by {@code since} as above. Each record is counted once: in its
 * hour's summary, as a record of an hour not sealed, or as a late record. Call records
 * and error reports from before hourly keys ({@link RouteKeys#CALL}, and
 * {@link RouteKeys#ERROR} without an hourly copy) are no longer counted.
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
        Tally tally = new Tally();
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
        Instant lastHour = ledger.txTime().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        if (from.equals(Instant.EPOCH) || ChronoUnit.HOURS.between(firstHour, lastHour) >= MAX_HOURS) {
            everything(ledger, name, from, lastHour, tally);
        } else {
            for (Instant h = firstHour; !h.isAfter(lastHour); h = h.plus(1, ChronoUnit.HOURS)) {
                boolean partial = h.equals(firstHour) && !from.equals(firstHour);
                Optional<HourSummary> summary = partial ? Optional.empty()
                        : ledger.get(RouteKeys.hourSummary(ledger, name, h), HourSummary.class);
                if (summary.isPresent()) {
                    tally.summary(summary.get());
                } else {
                    hour(ledger, name, RouteKeys.hour(h), from, tally);
                }
            }
        }
        late(ledger, name, from, tally);
        return new CallStats(name, from.toString(), tally.stats(policy));
    }

    /**
     * A full read: every summary of an hour at or after {@code from} (the hour {@code from} falls inside of is
     * read from its records instead), and the records at or after {@code from} of every hour not sealed.
     */
    private static void everything(Ledger ledger, String name, Instant from, Instant lastHour, Tally tally) {
        Set<String> sealed = new TreeSet<>();
        for (HourSummary s : ledger.list(HourSummary.class, RouteKeys.HOUR_SUMMARY, name)) {
            sealed.add(s.hour());
            Instant start = RouteKeys.hourStart(s.hour());
            if (!start.isBefore(from)) {
                tally.summary(s);
            } else if (start.plus(1, ChronoUnit.HOURS).isAfter(from)) {
                hour(ledger, name, s.hour(), from, tally);
            }
        }
        Optional<SealCursor> cursor = ledger.get(RouteKeys.sealCursor(ledger, name), SealCursor.class);
        if (cursor.isPresent()
                && ChronoUnit.HOURS.between(RouteKeys.hourStart(cursor.get().next()), lastHour) < MAX_HOURS) {
            for (Instant h = RouteKeys.hourStart(cursor.get().next()); !h.isAfter(lastHour);
                    h = h.plus(1, ChronoUnit.HOURS)) {
                if (!sealed.contains(RouteKeys.hour(h)) && h.plus(1, ChronoUnit.HOURS).isAfter(from)) {
                    hour(ledger, name, RouteKeys.hour(h), from, tally);
                }
            }
            return;
        }
        records(ledger, from, t -> sealed.contains(RouteKeys.hour(t)), tally, RouteKeys.CALL_HOURLY,
                RouteKeys.ERROR_HOURLY, name);
    }

    /** The hourly records of one hour at or after {@code from}. */
    private static void hour(Ledger ledger, String name, String hour, Instant from, Tally tally) {
        records(ledger, from, t -> false, tally, RouteKeys.CALL_HOURLY, RouteKeys.ERROR_HOURLY, name, hour);
    }

    /** The records filed after their hour was sealed, at or after {@code from}. */
    private static void late(Ledger ledger, String name, Instant from, Tally tally) {
        records(ledger, from, t -> false, tally, RouteKeys.CALL_LATE, RouteKeys.ERROR_LATE, name);
    }

    /**
     * The call records under {@code calls} and error reports under {@code errors} (each followed by
     * {@code key}) whose time is at or after {@code from} and not {@code skip}ped.
     */
    private static void records(Ledger ledger, Instant from, Predicate<Instant> skip, Tally tally, String calls,
            String errors, String... key) {
        for (CallRecord c : ledger.list(CallRecord.class, calls, key)) {
            Instant t = Instant.parse(c.time());
            if (!t.isBefore(from) && !skip.test(t)) {
                tally.call(c);
            }
        }
        for (ErrorReport e : ledger.list(ErrorReport.class, errors, key)) {
            Instant t = Instant.parse(e.time());
            if (!t.isBefore(from) && !skip.test(t)) {
                tally.error(e);
            }
        }
    }
}
