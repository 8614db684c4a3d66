package dev.weft.chaincode.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractRuntimeException;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * One transaction's simulation against a {@link FakeLedger}: reads come from
 * committed state and are recorded with their versions, writes are buffered,
 * the last setEvent wins. Chaincode-to-chaincode calls reach chaincodes deployed
 * with {@link FakeLedger#deploy}. Private data and rich queries are not part of
 * what Weft's contracts use and fail loudly.
 */
public final class FakeStub implements ChaincodeStub {
    private static final String MAX_UNICODE = new String(Character.toChars(Character.MAX_CODE_POINT));

    /** A range read: its bounds and the keys it returned, each with its version ("key@version"). */
    record RangeRead(String start, String end, List<String> keys) {
    }

    private final FakeLedger ledger;
    private final String txId;
    private final Instant timestamp;
    private final TestIdentity creator;
    final Map<String, Long> reads = new LinkedHashMap<>();
    final List<RangeRead> ranges = new ArrayList<>();
    final Map<String, byte[]> writes = new TreeMap<>();
    final Map<String, byte[]> validationWrites = new TreeMap<>();
    final Map<String, FakeStub> callees = new TreeMap<>();
    final Map<String, byte[]> transientFields = new HashMap<>();
    String eventName;
    byte[] eventPayload;

    FakeStub(FakeLedger ledger, String txId, Instant timestamp, TestIdentity creator) {
        this.ledger = ledger;
        this.txId = txId;
        this.timestamp = timestamp;
        this.creator = creator;
    }

    private int calls;

    /**
     * How many state calls this transaction made (point reads, writes, deletes, key-level policy reads and
     * writes, range queries): on a peer each is a round trip between the chaincode and the peer.
     */
    public int stateCallCount() {
        return calls;
    }

    /** How many distinct keys this transaction read with point reads (its read set, without ranges). */
    public int readCount() {
        return reads.size();
    }

    /** The distinct keys this transaction read with point reads, in the order first read. */
    public List<String> readKeys() {
        return List.copyOf(reads.keySet());
    }

    /** How many distinct keys this transaction wrote or deleted. */
    public int writeCount() {
        return writes.size();
    }

    /** The keys whose key-level policy this transaction set, in key order. */
    public List<String> policyWriteKeys() {
        return List.copyOf(validationWrites.keySet());
    }

    /** How many range reads this transaction made. */
    public int rangeReadCount() {
        return ranges.size();
    }

    /** How many keys this transaction's range reads went through, all ranges together. */
    public int rangeKeyCount() {
        return ranges.stream().mapToInt(r -> r.keys().size()).sum();
    }

    /** Adds a transient field to the proposal this stub simulates, before the call runs. */
    public FakeStub putTransient(String name, String value) {
        transientFields.put(name, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.creator();
    }

    @Override
    public String getMspId() {
        return "PeerMSP";
    }

    @Override
    public String getChannelId() {
        return "weft";
    }

    @Override
    public byte[] getState(String key) {
        calls++;
        FakeLedger.Versioned v = ledger.state.get(key);
        reads.putIfAbsent(key, v == null ? 0L : v.version());
        return v == null ? new byte[0] : v.value().clone();
    }

    @Override
    public void putState(String key, byte[] value) {
        calls++;
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        writes.put(key, value.clone());
    }

    @Override
    public void delState(String key) {
        calls++;
        writes.put(key, null);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event name can not be nil or empty string");
        }
        eventName = name;
        eventPayload = payload.clone();
    }

    @Override
    public ChaincodeEvent getEvent() {
        return eventName == null ? null : ChaincodeEvent.newBuilder().setEventName(eventName)
                .setPayload(com.google.protobuf.ByteString.copyFrom(eventPayload)).setTxId(txId).build();
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        String start = startKey == null || startKey.isEmpty() ? "\u0001" : startKey;
        String end = endKey == null || endKey.isEmpty() ? MAX_UNICODE : endKey;
        return iterator(range(start, end, Integer.MAX_VALUE, null).values);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(String startKey, String endKey,
            int pageSize, String bookmark) {
        String start = startKey == null || startKey.isEmpty() ? "\u0001" : startKey;
        String end = endKey == null || endKey.isEmpty() ? MAX_UNICODE : endKey;
        return paged(range(start, end, pageSize, bookmark));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        return iterator(range(compositeKey, compositeKey + MAX_UNICODE, Integer.MAX_VALUE, null).values);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return getStateByPartialCompositeKey(createCompositeKey(objectType, attributes));
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        return getStateByPartialCompositeKey(compositeKey.toString());
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        String prefix = compositeKey.toString();
        return paged(range(prefix, prefix + MAX_UNICODE, pageSize, bookmark));
    }

    private record Slice(List<KeyValue> values, String bookmark) {
    }

    private Slice range(String start, String end, int pageSize, String bookmark) {
        calls++;
        String from = bookmark == null || bookmark.isEmpty() ? start : bookmark;
        List<KeyValue> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String next = "";
        for (Map.Entry<String, FakeLedger.Versioned> e : ledger.state.subMap(from, true, end, false).entrySet()) {
            boolean compositeRange = start.startsWith("\u0000");
            if (!compositeRange && e.getKey().startsWith("\u0000")) {
                continue;
            }
            if (out.size() == pageSize) {
                next = e.getKey();
                break;
            }
            seen.add(e.getKey() + "@" + e.getValue().version());
            out.add(new Entry(e.getKey(), e.getValue().value().clone()));
        }
        ranges.add(new RangeRead(from, next.isEmpty() ? end : next, seen));
        return new Slice(out, next);
    }

    private record Entry(String key, byte[] value) implements KeyValue {
        @Override
        public String getKey() {
            return key;
        }

        @Override
        public byte[] getValue() {
            return value;
        }

        @Override
        public String getStringValue() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private static QueryResultsIterator<KeyValue> iterator(List<KeyValue> values) {
        return new QueryResultsIterator<>() {
            @Override
            public Iterator<KeyValue> iterator() {
                return values.iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    private static QueryResultsIteratorWithMetadata<KeyValue> paged(Slice slice) {
        QueryResponseMetadata meta = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(slice.values.size()).setBookmark(slice.bookmark).build();
        return new QueryResultsIteratorWithMetadata<>() {
            @Override
            public QueryResponseMetadata getMetadata() {
                return meta;
            }

            @Override
            public Iterator<KeyValue> iterator() {
                return slice.values.iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<byte[]> getArgs() {
        return List.of();
    }

    @Override
    public List<String> getStringArgs() {
        return List.of();
    }

    @Override
    public String getFunction() {
        return "";
    }

    @Override
    public List<String> getParameters() {
        return List.of();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        return new HashMap<>(transientFields);
    }

    @Override
    public byte[] getBinding() {
        return new byte[0];
    }

    @Override
    public SignedProposal getSignedProposal() {
        return SignedProposal.getDefaultInstance();
    }

    private static UnsupportedOperationException unused(String what) {
        return new UnsupportedOperationException(what + " is not used by Weft's contracts");
    }

    FakeLedger ledger() {
        return ledger;
    }

    @Override
    public Chaincode.Response invokeChaincode(String name, List<byte[]> args, String channel) {
        if (channel != null && !channel.isEmpty() && !channel.equals(getChannelId())) {
            throw unused("calling chaincode on another channel");
        }
        FakeLedger target = ledger.deployed(name);
        if (target == null) {
            // The peer answers ERROR, which the shim turns into this exception.
            throw new ContractRuntimeException("chaincode " + name + " is not deployed on channel weft");
        }
        FakeStub callee = callees.computeIfAbsent(name, n -> new FakeStub(target, txId, timestamp, creator));
        List<String> strings = args.stream().map(a -> new String(a, StandardCharsets.UTF_8)).toList();
        try {
            String out = target.handler.invoke(new Context(callee), strings);
            return new Chaincode.Response(Chaincode.Response.Status.SUCCESS, "",
                    out == null ? new byte[0] : out.getBytes(StandardCharsets.UTF_8));
        } catch (ChaincodeException e) {
            return new Chaincode.Response(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, e.getMessage(),
                    e.getPayload());
        } catch (RuntimeException e) {
            return new Chaincode.Response(Chaincode.Response.Status.INTERNAL_SERVER_ERROR, "Unexpected error", null);
        }
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        calls++;
        byte[] p = ledger.validationParameters.get(key);
        return p == null ? null : p.clone();
    }

    /** As on a peer, a key-level policy is a metadata write that commits with the transaction. */
    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        calls++;
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        validationWrites.put(key, value.clone());
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw unused("rich queries");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String query, int pageSize,
            String bookmark) {
        throw unused("rich queries");
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        throw unused("key history");
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        throw unused("private data");
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        throw unused("private data");
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        throw unused("private data");
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        throw unused("private data");
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw unused("private data");
    }

    @Override
    public void delPrivateData(String collection, String key) {
        throw unused("private data");
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw unused("private data");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        throw unused("private data");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String key) {
        throw unused("private data");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, CompositeKey key) {
        throw unused("private data");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType,
            String... attributes) {
        throw unused("private data");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw unused("private data");
    }
}
