package dev.weft.chaincode.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * An in-memory world state that behaves like a peer's: versioned keys, reads
 * that see only committed state (never the transaction's own writes), range and
 * composite-key queries in key order, one chaincode event per transaction, and
 * MVCC validation at commit: a transaction whose read set (keys or ranges) has
 * changed since it was simulated is rejected and writes nothing.
 *
 * <pre>{@code
 * FakeLedger ledger = new FakeLedger();
 * String out = ledger.submit(org1Client, ctx -> contract.createTask(ctx, "def-1", "{}"));
 * }</pre>
 */
public final class FakeLedger {
    record Versioned(byte[] value, long version) {
    }

    /** A committed event with the transaction that emitted it. */
    public record Event(String txId, String name, String payload) {
    }

    /** Thrown by {@link #commit} when validation fails, as a peer marks MVCC_READ_CONFLICT. */
    public static final class MvccConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MvccConflict(String message) {
            super(message);
        }
    }

    final NavigableMap<String, Versioned> state = new TreeMap<>();
    final Map<String, byte[]> validationParameters = new TreeMap<>();
    private final List<Event> events = new ArrayList<>();
    private long version;
    private long txCounter;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");
    private final Map<String, FakeLedger> deployed = new TreeMap<>();
    ChaincodeHandler handler;

    /** Moves the transaction clock (the proposal timestamp new transactions get). */
    public void advanceClock(java.time.Duration by) {
        clock = clock.plus(by);
    }

    public Instant clock() {
        return clock;
    }

    /** Starts simulating a transaction signed by {@code who}; nothing is visible until commit. */
    public FakeStub begin(TestIdentity who) {
        txCounter++;
        String txId = String.format(java.util.Locale.ROOT, "%064x", txCounter);
        return new FakeStub(this, txId, clock, who);
    }

    /** Simulates and commits one transaction; an exception leaves the ledger untouched. */
    public <T> T submit(TestIdentity who, Function<Context, T> body) {
        FakeStub stub = begin(who);
        T out = body.apply(new Context(stub));
        commit(stub);
        return out;
    }

    /**
     * As {@link #submit(TestIdentity, Function)}, with transient fields in the proposal
     * (seen by the chaincode, never written to the ledger).
     */
    public <T> T submit(TestIdentity who, Map<String, String> transientFields, Function<Context, T> body) {
        FakeStub stub = begin(who);
        transientFields.forEach((k, v) -> stub.transientFields.put(k, v.getBytes(StandardCharsets.UTF_8)));
        T out = body.apply(new Context(stub));
        commit(stub);
        return out;
    }

    /** Runs a read-only call; its writes, if any, are discarded. */
    public <T> T evaluate(TestIdentity who, Function<Context, T> body) {
        return body.apply(new Context(begin(who)));
    }

    /** Thrown by {@link #commit(FakeStub, Set)} as a peer marks ENDORSEMENT_POLICY_FAILURE. */
    public static final class EndorsementPolicyFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EndorsementPolicyFailure(String message) {
            super(message);
        }
    }

    /** Validates the simulated transaction against current state and applies it. */
    public synchronized void commit(FakeStub tx) {
        validate(tx);
        apply(tx);
        if (tx.eventName != null) {
            events.add(new Event(tx.getTxId(), tx.eventName, new String(tx.eventPayload, StandardCharsets.UTF_8)));
        }
    }

    /**
     * Commits a transaction endorsed by peers of {@code endorsingMsps} only: as
     * a peer's validator does, every key it writes (or deletes, or re-policies)
     * that carries a key-level policy must have that policy satisfied by the
     * endorsements, else the whole transaction is invalid and writes nothing.
     * Keys without one follow the chaincode's policy, which this fake does not model.
     */
    public synchronized void commit(FakeStub tx, Set<String> endorsingMsps) {
        Set<String> touched = new TreeSet<>(tx.writes.keySet());
        touched.addAll(tx.validationWrites.keySet());
        for (String key : touched) {
            byte[] policy = validationParameters.get(key);
            if (policy != null && !SignaturePolicies.satisfiedBy(policy, endorsingMsps)) {
                throw new EndorsementPolicyFailure("ENDORSEMENT_POLICY_FAILURE on " + printable(key));
            }
        }
        validate(tx);
        apply(tx);
        if (tx.eventName != null) {
            events.add(new Event(tx.getTxId(), tx.eventName, new String(tx.eventPayload, StandardCharsets.UTF_8)));
        }
    }

    /** Checks the transaction's reads, and those of the chaincodes it called in their own state. */
    private void validate(FakeStub tx) {
        for (Map.Entry<String, Long> read : tx.reads.entrySet()) {
            Versioned now = state.get(read.getKey());
            long current = now == null ? 0 : now.version();
            if (current != read.getValue()) {
                throw new MvccConflict("MVCC_READ_CONFLICT on " + printable(read.getKey()));
            }
        }
        for (FakeStub.RangeRead range : tx.ranges) {
            // As Fabric re-runs a range query at validation: any key added, removed or rewritten is a phantom.
            List<String> keysNow = new ArrayList<>();
            state.subMap(range.start(), true, range.end(), false).forEach((k, v) -> keysNow.add(k + "@" + v.version()));
            if (!keysNow.equals(range.keys())) {
                throw new MvccConflict("PHANTOM_READ_CONFLICT in range " + printable(range.start()));
            }
        }
        for (FakeStub callee : tx.callees.values()) {
            callee.ledger().validate(callee);
        }
    }

    private void apply(FakeStub tx) {
        version++;
        for (Map.Entry<String, byte[]> write : tx.writes.entrySet()) {
            if (write.getValue() == null) {
                state.remove(write.getKey());
                validationParameters.remove(write.getKey());
            } else {
                state.put(write.getKey(), new Versioned(write.getValue(), version));
            }
        }
        // Fabric ignores a metadata write on a key that does not exist after the transaction.
        tx.validationWrites.forEach((key, policy) -> {
            if (state.containsKey(key)) {
                validationParameters.put(key, policy);
            }
        });
        for (FakeStub callee : tx.callees.values()) {
            callee.ledger().apply(callee);
        }
    }

    /**
     * Deploys another chaincode under {@code name} for chaincode-to-chaincode
     * calls, with its own world state (its namespace). As on a peer, a call runs
     * inside the caller's transaction (same ID, timestamp and creator), its reads
     * and writes are validated and committed with that transaction, and any event
     * it sets is dropped. Returns the called chaincode's ledger, to inspect its state.
     *
     * <pre>{@code
     * FakeLedger assetV2 = ledger.deploy("asset_v2", (ctx, args) -> …);
     * }</pre>
     */
    public FakeLedger deploy(String name, ChaincodeHandler handler) {
        FakeLedger namespace = new FakeLedger();
        namespace.handler = handler;
        deployed.put(name, namespace);
        return namespace;
    }

    FakeLedger deployed(String name) {
        return deployed.get(name);
    }

    /** A chaincode deployed beside the one under test; see {@link #deploy}. */
    @FunctionalInterface
    public interface ChaincodeHandler {
        /** Runs one call ({@code args} start with the function); a thrown exception becomes an error response. */
        String invoke(Context ctx, List<String> args);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public Event lastEvent() {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    /** A copy of the committed state, for asserting that a failed call wrote nothing. */
    public Map<String, String> snapshot() {
        Map<String, String> copy = new TreeMap<>();
        state.forEach((k, v) -> copy.put(k, new String(v.value(), StandardCharsets.UTF_8)));
        return copy;
    }

    /** The committed key-level endorsement policy of {@code key} (a SignaturePolicyEnvelope), or null. */
    public byte[] validationParameter(String key) {
        byte[] p = validationParameters.get(key);
        return p == null ? null : p.clone();
    }

    /** Whether peers of exactly {@code endorsingMsps} satisfy the key-level policy of {@code key} (true if none). */
    public boolean endorsable(String key, Set<String> endorsingMsps) {
        byte[] p = validationParameters.get(key);
        return p == null || SignaturePolicies.satisfiedBy(p, endorsingMsps);
    }

    public String read(String key) {
        Versioned v = state.get(key);
        return v == null ? null : new String(v.value(), StandardCharsets.UTF_8);
    }

    static String printable(String key) {
        return key.replace('\u0000', '/');
    }
}
