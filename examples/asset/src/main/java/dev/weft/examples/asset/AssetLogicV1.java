package dev.weft.examples.asset;

/** Version 1: an asset is its ID, owner and value. */
final class AssetLogicV1 implements AssetLogic {

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Asset create(String id, String owner, long value, Tx tx) {
        return new Asset(id, owner, value, version(), null, null);
    }

    @Override
    public Asset transfer(Asset current, String newOwner, Tx tx) {
        return new Asset(current.id(), newOwner, current.value(), version(), null, null);
    }
}
