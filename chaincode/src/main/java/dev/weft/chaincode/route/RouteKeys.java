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
 */
final class RouteKeys {
    static final String POLICY = "weft.route.policy";
    static final String CHANGE = "weft.route.change";
    /** Call records of a chaincode before hourly keys (route, chaincode, txId): still counted in full reads. */
    static final String CALL = "weft.route.call";
    /** Error reports (route, chaincode, reporter, failed txId): one per reporter and failure, ever. */
    static final String ERROR = "weft.route.error";
    /** Call records (route, hour, chaincode, txId). */
    static final String CALL_HOURLY = "weft.route.callh";
    /** The error reports again (route, hour, chaincode, reporter, failed txId), by the hour they were filed. */
    static final String ERROR_HOURLY = "weft.route.errorh";
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
}
