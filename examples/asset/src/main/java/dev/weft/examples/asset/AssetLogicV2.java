package dev.weft.examples.asset;

/**
 * Version 2: as version 1, and every write also records its transaction time
 * and the signer's organisation — the extra fields that make a call served by
 * version 2 visible in its answer and in the ledger.
 */
final class AssetLogicV2 implements AssetLogic {

    @Override
    public String version() {
        return "2";
    }

    @Override
    public Asset create(String id, String owner, long value, Tx tx) {
        return new Asset(id, owner, value, version(), tx.time(), tx.mspId());
    }

    @Override
    public Asset transfer(Asset current, String newOwner, Tx tx) {
        return new Asset(current.id(), newOwner, current.value(), version(), tx.time(), tx.mspId());
    }
}
