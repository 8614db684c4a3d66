package dev.weft.examples.asset;

import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The sample target of a gray upgrade: a small asset contract deployed twice,
 * as {@code asset_v1} (started with {@code ASSET_VERSION=1}) and {@code asset_v2}
 * ({@code ASSET_VERSION=2}), and reached through Weft's router. It is the
 * default contract, so its functions need no namespace.
 *
 * <pre>
 * CreateAsset   id, owner, value → asset      ReadAsset   id → asset
 * TransferAsset id, newOwner     → asset      AssetExists id → true|false
 * Version                        → {"version":"1"|"2"} (and "logic" on a node-logic server)
 * </pre>
 *
 * Deployed a third time as {@code asset_nodes}, the node-logic upgrade (S2.9):
 * each organisation's server is started with the logic its peers run
 * ({@code NODE_LOGIC}) and refuses writes the node-routing policy sends to the
 * other logic ({@link NodeLogic}).
 *
 * Errors carry a stable code as payload and message prefix: BAD_REQUEST,
 * ASSET_EXISTS, ASSET_NOT_FOUND, MISCONFIGURED (ASSET_VERSION is neither 1 nor 2),
 * MISROUTED (a node-logic server got a call meant for the other logic).
 */
@Contract(name = "asset", info = @Info(title = "Weft example asset", version = "1",
        license = @License(name = "Apache-2.0")))
@Default
public final class AssetContract implements ContractInterface {
    private static final Logger LOG = Logger.getLogger(AssetContract.class.getName());
    /**
     * Read once per server process. The shim creates contract objects per call,
     * so this runs on the first call; a bad value fails every call with MISCONFIGURED.
     */
    private static final String CONFIGURED = System.getenv("ASSET_VERSION");
    private static final AssetLogic SELECTED = select();
    private static final String ID = "[A-Za-z0-9._-]{1,64}";
    private static final int MAX_OWNER = 128;
    private final AssetLogic logic;

    public AssetContract() {
        this(SELECTED);
    }

    AssetContract(AssetLogic logic) {
        this.logic = logic;
    }

    private static AssetLogic select() {
        try {
            AssetLogic logic = AssetLogic.forVersion(CONFIGURED);
            LOG.info(() -> "asset chaincode serving version " + logic.version());
            return logic;
        } catch (IllegalStateException e) {
            LOG.severe(e.getMessage());
            return null;
        }
    }

    private AssetLogic logic() {
        if (logic == null) {
            throw error("MISCONFIGURED", "ASSET_VERSION must be 1 or 2, was " + CONFIGURED);
        }
        return logic;
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "CreateAsset")
    public String createAsset(Context ctx, String id, String owner, String value) {
        checkNodeLogic(ctx);
        checkId(id);
        checkOwner(owner);
        long amount = amount(value);
        AssetStore store = new AssetStore(ctx);
        if (store.find(id).isPresent()) {
            throw error("ASSET_EXISTS", "asset " + id + " already exists");
        }
        Asset asset = logic().create(id, owner, amount, store.tx());
        store.put(asset);
        return asset.toJson();
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "ReadAsset")
    public String readAsset(Context ctx, String id) {
        checkId(id);
        return require(new AssetStore(ctx), id).toJson();
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "TransferAsset")
    public String transferAsset(Context ctx, String id, String newOwner) {
        checkNodeLogic(ctx);
        checkId(id);
        checkOwner(newOwner);
        AssetStore store = new AssetStore(ctx);
        Asset asset = logic().transfer(require(store, id), newOwner, store.tx());
        store.put(asset);
        return asset.toJson();
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "AssetExists")
    public String assetExists(Context ctx, String id) {
        checkId(id);
        return Boolean.toString(new AssetStore(ctx).find(id).isPresent());
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "Version")
    public String version(Context ctx) {
        String label = NodeLogic.of(ctx).label();
        return "{\"version\":\"" + logic().version() + "\"" + (label == null ? "" : ",\"logic\":\"" + label + "\"")
                + "}";
    }

    /** S2.9: on a node-logic server, a write the policy sends to the other logic is refused (MISROUTED). */
    private static void checkNodeLogic(Context ctx) {
        NodeLogic node = NodeLogic.of(ctx);
        if (node.label() != null) {
            node.check(ctx.getStub().getTransient());
        }
    }

    private static Asset require(AssetStore store, String id) {
        return store.find(id).orElseThrow(() -> error("ASSET_NOT_FOUND", "asset " + id + " does not exist"));
    }

    private static void checkId(String id) {
        if (id == null || !id.matches(ID)) {
            throw error("BAD_REQUEST", "asset ID must match " + ID);
        }
    }

    private static void checkOwner(String owner) {
        if (owner == null || owner.isBlank() || owner.length() > MAX_OWNER) {
            throw error("BAD_REQUEST", "owner must be 1.." + MAX_OWNER + " characters");
        }
    }

    private static long amount(String value) {
        try {
            long v = Long.parseLong(value == null ? "" : value.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error("BAD_REQUEST", "value must be a whole number of at least 0, was " + value);
    }

    private static ChaincodeException error(String code, String message) {
        return new ChaincodeException(code + ": " + message, code.getBytes(StandardCharsets.UTF_8));
    }
}
