package dev.weft.chaincode.route;

/**
 * One routed call, under its own key (route, chaincode, transaction ID), so
 * calls never share a key and {@code route:Stats} can add them up by range read.
 *
 * <pre>{"route":"asset","chaincode":"asset_v2","label":"2","trafficClass":"GRAY","function":"CreateAsset",
 *  "ok":false,"status":500,"time":"…","txId":"…"}</pre>
 */
public record CallRecord(String route, String chaincode, String label, String trafficClass, String function,
        boolean ok, int status, String time, String txId) {
}
