package dev.weft.chaincode.route;

/**
 * A failed routed call, reported by the caller's organisation under its own
 * identity (S2.8 error statistics). A failed call commits nothing, so its
 * caller files this afterwards ({@code route:ReportError}); the version it
 * names is the one the route resolves that caller's call to, never the
 * reporter's choice, and each (version, reporting organisation, failed
 * transaction) has one key, so a report cannot be counted twice.
 *
 * <pre>{"route":"asset","chaincode":"asset_v2","label":"2","trafficClass":"GRAY","function":"TransferAsset",
 *  "failedTxId":"…","reportedBy":"Org1MSP/x509::…","reporterMsp":"Org1MSP","revision":3,"time":"…","txId":"…"}</pre>
 */
public record ErrorReport(String route, String chaincode, String label, String trafficClass, String function,
        String failedTxId, String reportedBy, String reporterMsp, long revision, String time, String txId) {
}
