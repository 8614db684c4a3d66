package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.Ledger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where routing keeps its facts: one policy per route, one history entry per
 * change, one call record per committed routed transaction and one error
 * report per failed call and reporting organisation (never a shared counter,
 * so routed calls never conflict with each other). Call records, and an index
 * entry per error report, are keyed by the UTC hour of their transaction after the
 * route's name, so that the statistics of a window read only that window's hours.
 *
 * <p>Issue 16: once an hour is over (by an hour), {@code route:SealHours} adds its
 * records up into one {@link HourSummary} under {@link #HOUR_SUMMARY} (route, hour), which
 * doubles as the hour's "sealed" marker, and moves the route's {@link SealCursor}. A record
 * whose transaction lies in an hour already sealed (a backdated timestamp, or a seal made
 * with one from the future) goes under {@link #CALL_LATE} / {@link #ERROR_LATE} instead, so
 * that {@code route:Stats} counts it once: summary, hourly record or late record, never two.
 */
final class RouteKeys {
    static final String POLICY = "weft.route.policy";
    static final String CHANGE = "weft.route.change";
    /**
     * Call records of a chaincode before hourly keys (route, chaincode, txId). No longer written nor
     * counted (issue 16's buckets dropped them); the prefix stays reserved.
     */
    static final String CALL = "weft.route.call";
    /**
     * Error reports (route, chaincode, reporter, failed txId): one per reporter and failure, ever. The
     * duplicate guard of {@code route:ReportError}; statistics count the hourly or late copy, never this one.
     */
    static final String ERROR = "weft.route.error";
    /** Call records (route, hour, chaincode, txId). */
    static final String CALL_HOURLY = "weft.route.callh";
    /** The error reports again (route, hour, chaincode, reporter, failed txId), by the hour they were filed. */
    static final String ERROR_HOURLY = "weft.route.errorh";
    /** The sums of one sealed hour (route, hour), written once even for an empty hour: its "sealed" marker. */
    static final String HOUR_SUMMARY = "weft.route.hoursum";
    /** The next hour a route's {@code route:SealHours} seals (route). */
    static final String SEAL_CURSOR = "weft.route.sealcursor";
    /** Call records whose transaction lies in an hour already sealed (route, hour, chaincode, txId). */
    static final String CALL_LATE = "weft.route.latecall";
    /** Error report copies filed in an hour already sealed (route, hour, chaincode, reporter, failed txId). */
    static final String ERROR_LATE = "weft.route.lateerror";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private RouteKeys() {
    }

    static String policy(Ledger ledger, String name) {
        return ledger.key(POLICY, name);
    }

    static String change(Ledger ledger, String name, long revision) {
        return ledger.key(CHANGE, name, String.format(Locale.ROOT, "%012d", revision));
    }

    /** The UTC hour of {@code time}, as a key attribute that sorts in time order: {@code 2026-01-01T09}. */
    static String hour(Instant time) {
        return HOUR.format(time);
    }

    /** The start of an hour written by {@link #hour}. */
    static Instant hourStart(String hour) {
        return Instant.parse(hour + ":00:00Z");
    }

    static String call(Ledger ledger, String name, Instant time, String chaincode, String txId) {
        return ledger.key(CALL_HOURLY, name, hour(time), chaincode, txId);
    }

    static String errorByHour(Ledger ledger, String name, Instant time, String chaincode, String reporterMsp,
            String failedTxId) {
        return ledger.key(ERROR_HOURLY, name, hour(time), chaincode, reporterMsp, failedTxId);
    }

    static String error(Ledger ledger, String name, String chaincode, String reporterMsp, String failedTxId) {
        return ledger.key(ERROR, name, chaincode, reporterMsp, failedTxId);
    }

    static String lateCall(Ledger ledger, String name, Instant time, String chaincode, String txId) {
        return ledger.key(CALL_LATE, name, hour(time), chaincode, txId);
    }

    static String lateError(Ledger ledger, String name, Instant time, String chaincode, String reporterMsp,
            String failedTxId) {
        return ledger.key(ERROR_LATE, name, hour(time), chaincode, reporterMsp, failedTxId);
    }

    /** The summary of the hour that {@code time} lies in; present once that hour is sealed. */
    static String hourSummary(Ledger ledger, String name, Instant time) {
        return ledger.key(HOUR_SUMMARY, name, hour(time));
    }

    static String sealCursor(Ledger ledger, String name) {
        return ledger.key(SEAL_CURSOR, name);
    }
}
