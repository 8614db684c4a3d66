package dev.weft.chaincode.ledger;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The one class that touches the stub: composite keys, canonical JSON values,
 * range reads with closed iterators, and the transaction's single event.
 *
 * <pre>{@code
 * Ledger ledger = Ledger.of(ctx);
 * Task task = ledger.require(Keys.task(id), Task.class, "task " + id);
 * ledger.put(Keys.task(id), task.withStatus(COMPLETED));
 * ledger.emit("weft.task", event);
 * }</pre>
 */
public final class Ledger {
    /**
     * How far a proposal's timestamp may be from the endorsing peer's clock:
     * Fabric's {@code peer.authentication.timewindow}, 15 minutes by default. A
     * client chooses its timestamp within it, so deadlines apply it as a margin.
     */
    public static final Duration TIME_WINDOW = Duration.ofMinutes(15);
    private final ChaincodeStub stub;
    private final Context ctx;
    private boolean eventSet;
    /**
     * The values this transaction read, by key. A peer answers every read of a key within one simulation
     * with its committed value (a transaction does not read its own writes), so a second read of a key
     * is answered here, without a round trip to the peer: a batch's entries read the member list, a
     * definition and its approvals once between them (issue 16).
     */
    private final Map<String, byte[]> reads = new HashMap<>();

    private Ledger(Context ctx) {
        this.ctx = ctx;
        this.stub = ctx.getStub();
    }

    public static Ledger of(Context ctx) {
        return new Ledger(ctx);
    }

    public Caller caller() {
        return Caller.of(ctx.getClientIdentity());
    }

    public String txId() {
        return stub.getTxId();
    }

    /** The proposal's timestamp: the only clock a deterministic contract may read. */
    public Instant txTime() {
        return stub.getTxTimestamp();
    }

    /**
     * Whether {@code deadline} has passed even for a client that set its
     * proposal's timestamp as far ahead as the peer accepts: what a check that
     * ends or fails something at a deadline must ask (docs/decisions.md).
     */
    public boolean certainlyPassed(Instant deadline) {
        return !txTime().isBefore(deadline.plus(TIME_WINDOW));
    }

    /**
     * Whether {@code expiry} is still ahead even for a client that set its
     * proposal's timestamp as far back as the peer accepts: what a check that
     * lets something be used until it expires must ask.
     */
    public boolean certainlyBefore(Instant expiry) {
        return txTime().plus(TIME_WINDOW).isBefore(expiry);
    }

    /**
     * A transient field of the proposal (never written to the chain), as UTF-8 text;
     * empty when the caller did not send it.
     */
    public Optional<String> transientText(String name) {
        Map<String, byte[]> fields = stub.getTransient();
        byte[] raw = fields == null ? null : fields.get(name);
        return raw == null ? Optional.empty() : Optional.of(new String(raw, StandardCharsets.UTF_8));
    }

    public String key(String type, String... attributes) {
        return stub.createCompositeKey(type, attributes).toString();
    }

    private byte[] read(String key) {
        if (reads.containsKey(key)) {
            return reads.get(key); // null too: a key found absent stays absent for this transaction
        }
        byte[] raw = stub.getState(key);
        reads.put(key, raw);
        return raw;
    }

    public <T> Optional<T> get(String key, Class<T> type) {
        byte[] raw = read(key);
        return raw == null || raw.length == 0 ? Optional.empty() : Optional.of(Json.read(raw, type));
    }

    public <T> T require(String key, Class<T> type, String what) {
        return get(key, type).orElseThrow(() -> WeftException.of(ErrorCode.NOT_FOUND, "%s does not exist", what));
    }

    public boolean exists(String key) {
        byte[] raw = read(key);
        return raw != null && raw.length > 0;
    }

    public void put(String key, Object value) {
        stub.putState(key, Json.bytes(value));
    }

    /**
     * Writes a fact that {@code owner} owns and puts the key under
     * {@link KeyPolicy#ownedBy}: from then on a transaction that changes or
     * deletes it must be endorsed by the owner's peer too. (Fabric ignores a
     * policy on a key that does not exist, so value and policy go together.)
     */
    public void putOwned(String key, Object value, String owner, java.util.Set<String> members) {
        put(key, value);
        stub.setStateValidationParameter(key, KeyPolicy.ownedBy(owner, members));
    }

    /** {@link #putOwned(String, Object, String, java.util.Set)} among the channel's member organisations. */
    public void putOwned(String key, Object value, String owner) {
        putOwned(key, value, owner, Members.of(this));
    }

    public void delete(String key) {
        stub.delState(key);
    }

    /** Every value under a composite-key prefix, in key order. */
    public <T> List<T> list(Class<T> type, String objectType, String... attributes) {
        List<T> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it =
                stub.getStateByPartialCompositeKey(stub.createCompositeKey(objectType, attributes))) {
            for (KeyValue kv : it) {
                out.add(Json.read(kv.getValue(), type));
            }
        } catch (Exception e) {
            throw rethrow(e);
        }
        return out;
    }

    /** One page of values under a prefix; an empty bookmark starts at the beginning. */
    public <T> Page<T> page(Class<T> type, int pageSize, String bookmark, String objectType, String... attributes) {
        if (pageSize < 1 || pageSize > Page.MAX_PAGE_SIZE) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "page size must be 1..%d", Page.MAX_PAGE_SIZE);
        }
        List<T> out = new ArrayList<>();
        String next;
        try (QueryResultsIteratorWithMetadata<KeyValue> it = stub.getStateByPartialCompositeKeyWithPagination(
                stub.createCompositeKey(objectType, attributes), pageSize, bookmark == null ? "" : bookmark)) {
            for (KeyValue kv : it) {
                out.add(Json.read(kv.getValue(), type));
            }
            next = it.getMetadata() == null ? "" : it.getMetadata().getBookmark();
        } catch (Exception e) {
            throw rethrow(e);
        }
        return new Page<>(out, out.size() < pageSize ? "" : next);
    }

    /**
     * Calls another chaincode on this channel inside this transaction
     * (chaincode-to-chaincode): its reads and writes join this transaction in
     * its own namespace, and it sees the same signed proposal, so it applies its
     * own access control to the original caller. Fabric drops any event the
     * called chaincode sets. {@code args} starts with the function name.
     */
    public Chaincode.Response invoke(String chaincodeName, List<String> args) {
        return stub.invokeChaincodeWithStringArgs(chaincodeName, args);
    }

    /**
     * Sets the transaction's chaincode event. Fabric keeps only the last
     * setEvent of a transaction, so a second call is a programming error.
     */
    public void emit(String name, Object payload) {
        if (eventSet) {
            throw new IllegalStateException("a transaction carries one chaincode event; build a list instead");
        }
        eventSet = true;
        stub.setEvent(name, Json.bytes(payload));
    }

    private static RuntimeException rethrow(Exception e) {
        return e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
}
