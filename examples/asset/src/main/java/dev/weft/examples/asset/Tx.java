package dev.weft.examples.asset;

/** What a version's logic may know of the transaction: its ID, its timestamp and the signer's MSP ID. */
record Tx(String txId, String time, String mspId) {
}
