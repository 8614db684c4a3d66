package dev.weft.examples.asset;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** The one class that touches the stub: assets under composite keys, and the transaction's facts. */
final class AssetStore {
    private static final String KEY_TYPE = "asset";
    private final ChaincodeStub stub;
    private final Context ctx;

    AssetStore(Context ctx) {
        this.ctx = ctx;
        this.stub = ctx.getStub();
    }

    Optional<Asset> find(String id) {
        byte[] raw = stub.getState(key(id));
        return raw == null || raw.length == 0 ? Optional.empty() : Optional.of(Asset.fromJson(raw));
    }

    void put(Asset asset) {
        stub.putState(key(asset.id()), asset.toJson().getBytes(StandardCharsets.UTF_8));
    }

    Tx tx() {
        return new Tx(stub.getTxId(), stub.getTxTimestamp().toString(), ctx.getClientIdentity().getMSPID());
    }

    private String key(String id) {
        return stub.createCompositeKey(KEY_TYPE, id).toString();
    }
}
