package dev.weft.chaincode.route;

import java.util.Map;

/**
 * One entry of a route's history ({@code route:History}): what changed it, on
 * whose authority, and the revision it produced.
 *
 * <pre>{"route":"asset","revision":3,"operation":"GRAY","params":{…},"phase":"GRAY","proposalId":"…",
 *  "by":"Org1MSP/x509::…","reason":"","time":"…","txId":"…"}</pre>
 */
public record RouteChange(String route, long revision, String operation, Map<String, Object> params, String phase,
        String proposalId, String by, String reason, String time, String txId) {
}
