package dev.weft.chaincode.route;

import java.util.Map;

/**
 * The sums of one route's hour, written once by {@code route:SealHours} when the hour
 * has been over for an hour (issue 16): per chaincode, what {@code route:Stats} would
 * have added up from that hour's call records and error reports. It is written even for
 * an empty hour, because its existence is the hour's "sealed" marker: from then on the
 * router files a record of that hour as a late record ({@link RouteKeys#CALL_LATE},
 * {@link RouteKeys#ERROR_LATE}), never under the hour, so the sums stay exact.
 * {@code records} is how many records the seal read; {@code sealedBy} names the
 * organisation that sealed it and {@code sealedAt} its transaction's timestamp.
 *
 * <pre>{"route":"asset","hour":"2026-01-01T09","records":42,"chaincodes":{
 *   "asset_v2":{"label":"2","calls":42,"errors":2,"byClass":{"TEST":{"calls":42,"errors":2}},
 *               "errorsByReporter":{"Org2MSP":2}}},
 *  "sealedBy":"Org1MSP","sealedAt":"2026-01-01T11:00:05Z","txId":"…"}</pre>
 */
public record HourSummary(String route, String hour, long records, Map<String, Version> chaincodes,
        String sealedBy, String sealedAt, String txId) {

    /** One chaincode's sums in the hour; its calls include its reported errors, as in {@link CallStats}. */
    public record Version(String label, long calls, long errors, Map<String, CallStats.Counts> byClass,
            Map<String, Long> errorsByReporter) {
    }
}
