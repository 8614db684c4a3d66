package dev.weft.chaincode.cluster;

/**
 * A member's last on-chain keepalive: its transaction time resets the member's
 * aging timer on chain; {@code epoch} is the master epoch the member saw.
 */
public record Keepalive(String mspId, String memberId, long epoch, String time, String txId) {
}
