package dev.weft.chaincode.route;

/**
 * Where a route's sealing stands (issue 16): every hour before {@code next} has its
 * {@link HourSummary}, and {@code next} is the hour {@code route:SealHours} seals next.
 * {@code by}, {@code time} and {@code txId} name the seal that moved it last.
 *
 * <pre>{"route":"asset","next":"2026-01-01T12","by":"Org1MSP/x509::…","time":"…","txId":"…"}</pre>
 */
public record SealCursor(String route, String next, String by, String time, String txId) {
}
