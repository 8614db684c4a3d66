package dev.weft.examples.asset;

/**
 * What differs between the asset versions: how an asset is created and
 * transferred. Everything the versions share (argument checks, keys, storage,
 * errors) lives in {@link AssetContract}. The version a server runs is chosen
 * once, when it starts, from the {@code ASSET_VERSION} environment variable.
 */
interface AssetLogic {

    /** "1" or "2". */
    String version();

    Asset create(String id, String owner, long value, Tx tx);

    Asset transfer(Asset current, String newOwner, Tx tx);

    /** The logic for {@code ASSET_VERSION}: unset or "1" → version 1, "2" → version 2; anything else stops the server. */
    static AssetLogic forVersion(String version) {
        if (version == null || version.isBlank() || version.trim().equals("1")) {
            return new AssetLogicV1();
        }
        if (version.trim().equals("2")) {
            return new AssetLogicV2();
        }
        throw new IllegalStateException("ASSET_VERSION must be 1 or 2, was " + version);
    }
}
