package dev.weft.chaincode.route;

/**
 * One routed call that the version served, under its own key (route,
 * chaincode, transaction ID), so calls never share a key and
 * {@code route:Stats} can add them up by range read. Written by the router in
 * the call's own transaction, so it exists only when the call committed; a
 * failed call commits nothing and is counted from an {@link ErrorReport}.
 *
 * <pre>{"route":"asset","chaincode":"asset_v2","label":"2","trafficClass":"GRAY","function":"CreateAsset",
 *  "ok":true,"status":200,"time":"…","txId":"…"}</pre>
 */
public record CallRecord(String route, String chaincode, String label, String trafficClass, String function,
        boolean ok, int status, String time, String txId) {
}
