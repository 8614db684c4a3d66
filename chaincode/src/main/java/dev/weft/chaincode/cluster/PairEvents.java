package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Ledger;

/**
 * The {@code weft.pair} chaincode event, one per pair transaction. Gateways build the
 * pair's liveness table from the BEACON events of valid transactions, block by block
 * (docs/clusters.md, "Pair mode").
 *
 * <pre>{@code
 * {"kind":"BEACON","mspId":"Org1MSP","beacon":{"memberId":"a","round":881234,"role":"VALIDATOR","epoch":1,…},…}
 * {"kind":"PROMOTED","mspId":"Org1MSP","master":{"memberId":"b","epoch":2,…},"previousMemberId":"a",…}
 * }</pre>
 */
final class PairEvents {
    static final String EVENT_NAME = "weft.pair";

    enum Kind {
        CREATED, BEACON, PROMOTED
    }

    record PairEvent(Kind kind, String mspId, String txId, String time, Pair pair, Beacon beacon, Master master,
            String previousMemberId) {
    }

    private PairEvents() {
    }

    static void emit(Ledger ledger, Kind kind, String mspId, Pair pair, Beacon beacon, Master master,
            String previousMemberId) {
        ledger.emit(EVENT_NAME, new PairEvent(kind, mspId, ledger.txId(), ledger.txTime().toString(), pair, beacon,
                master, previousMemberId));
    }
}
