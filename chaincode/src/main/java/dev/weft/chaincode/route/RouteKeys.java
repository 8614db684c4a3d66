package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.Ledger;
import java.util.Locale;

/**
 * Where routing keeps its facts: one policy per route, one history entry per
 * change, one call record per committed routed transaction and one error
 * report per failed call and reporting organisation (never a shared counter,
 * so routed calls never conflict with each other).
 */
final class RouteKeys {
    static final String POLICY = "weft.route.policy";
    static final String CHANGE = "weft.route.change";
    static final String CALL = "weft.route.call";
    static final String ERROR = "weft.route.error";

    private RouteKeys() {
    }

    static String policy(Ledger ledger, String name) {
        return ledger.key(POLICY, name);
    }

    static String change(Ledger ledger, String name, long revision) {
        return ledger.key(CHANGE, name, String.format(Locale.ROOT, "%012d", revision));
    }

    static String call(Ledger ledger, String name, String chaincode, String txId) {
        return ledger.key(CALL, name, chaincode, txId);
    }

    static String error(Ledger ledger, String name, String chaincode, String reporterMsp, String failedTxId) {
        return ledger.key(ERROR, name, chaincode, reporterMsp, failedTxId);
    }
}
