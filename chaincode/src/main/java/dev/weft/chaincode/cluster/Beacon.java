package dev.weft.chaincode.cluster;

/**
 * A pair member's liveness transaction (S3.2), on the member's own key. {@code round}
 * is the liveness window its transaction time falls in: {@code floor(time / windowSeconds)}.
 * {@code role} and {@code epoch} are what the member believes it is (informational: the
 * beacon reads no key another transaction writes, so it never conflicts with a promotion
 * or a result in the same block).
 */
public record Beacon(String mspId, String memberId, long round, String role, long epoch, String time, String txId) {
}
