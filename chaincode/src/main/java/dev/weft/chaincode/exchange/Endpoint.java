package dev.weft.chaincode.exchange;

/**
 * Where an organisation's exchange service listens, under {@code weft.exchange.endpoint/<msp>}.
 *
 * @param address {@code host:port} of the service (mutual TLS with the organisation's TLS identity)
 * @param setBy   the admin identity that published it, qualified by its MSP
 * @param setAt   the transaction's time
 */
public record Endpoint(String mspId, String address, String setBy, String setAt, String txId) {
}
