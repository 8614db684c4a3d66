package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hyperledger.fabric.client.ChaincodeEvent;

/**
 * The {@code pair} contract as gateways and the CLI use it (S3). Refusals surface as
 * the {@link ChainException} the client raises, with the chaincode's code
 * ({@code STALE_EPOCH}, {@code MASTER_ALIVE}, …).
 *
 * <pre>{@code
 * PairLedger pairs = new PairLedger(chain);
 * PairLedger.Settings s = pairs.settings("Org1MSP");
 * pairs.beacon("a", "VALIDATOR", 3);
 * }</pre>
 */
public final class PairLedger {
    /** The chaincode event every pair transaction emits. */
    public static final String EVENT_NAME = "weft.pair";
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    private final ChainClient chain;

    /** A pair's fixed settings and where its history starts. */
    public record Settings(String mspId, String cluster, List<String> members, int windows, int windowSeconds,
            String txId) {
    }

    /** A pair event of a valid transaction: BEACON (memberId, round), PROMOTED (memberId, epoch) or CREATED. */
    public record PairEvent(String kind, String mspId, String memberId, long round, long epoch, long blockNumber) {
        /** Parses a {@code weft.pair} chaincode event; null for any other event. */
        public static PairEvent of(ChaincodeEvent event) {
            if (!EVENT_NAME.equals(event.getEventName())) {
                return null;
            }
            return of(read(event.getPayload()), event.getBlockNumber());
        }

        public static PairEvent of(JsonNode e, long blockNumber) {
            String kind = e.path("kind").asText();
            JsonNode beacon = e.path("beacon");
            JsonNode master = e.path("master");
            return switch (kind) {
                case "BEACON" -> new PairEvent(kind, e.path("mspId").asText(), beacon.path("memberId").asText(),
                        beacon.path("round").asLong(), beacon.path("epoch").asLong(), blockNumber);
                case "PROMOTED" -> new PairEvent(kind, e.path("mspId").asText(), master.path("memberId").asText(),
                        0, master.path("epoch").asLong(), blockNumber);
                default -> new PairEvent(kind, e.path("mspId").asText(), null, 0, 0, blockNumber);
            };
        }
    }

    public PairLedger(ChainClient chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    /** Puts the admin's cluster into pair mode (before any master). */
    public JsonNode create(String first, String second, int windows, int windowSeconds) {
        return submit("pair:CreatePair", first, second, Integer.toString(windows), Integer.toString(windowSeconds));
    }

    /** S3.2: the member's liveness transaction; {@code role} VALIDATOR or SYNC, what it believes it is. */
    public JsonNode beacon(String memberId, String role, long epoch) {
        return submit("pair:Beacon", memberId, role, Long.toString(epoch));
    }

    /** S3.3: becomes validator at {@code expectedEpoch + 1}; returns the new master row. */
    public JsonNode promote(String memberId, long expectedEpoch) {
        return submit("pair:Promote", memberId, Long.toString(expectedEpoch));
    }

    /** {@code {"pair":…,"master":…,"beacons":[…]}}. */
    public JsonNode pair(String mspId) {
        return read(chain.evaluate("pair:GetPair", mspId));
    }

    /** Whether {@code mspId}'s cluster is in pair mode. */
    public boolean exists(String mspId) {
        try {
            pair(mspId);
            return true;
        } catch (ChainException e) {
            if (e.is(ErrorCode.NOT_FOUND)) {
                return false;
            }
            throw e;
        }
    }

    public static Settings settings(JsonNode view) {
        JsonNode p = view.path("pair");
        List<String> members = new ArrayList<>();
        p.path("members").forEach(m -> members.add(m.asText()));
        return new Settings(p.path("mspId").asText(), p.path("cluster").asText(), members,
                p.path("windows").asInt(), p.path("windowSeconds").asInt(), p.path("txId").asText());
    }

    /** The block that holds transaction {@code txId} (the pair's history starts there). */
    public long blockOf(String txId) {
        try {
            byte[] block = chain.network().getContract("qscc").evaluateTransaction("GetBlockByTxID",
                    chain.config().channel(), txId);
            return org.hyperledger.fabric.protos.common.Block.parseFrom(block).getHeader().getNumber();
        } catch (Exception e) {
            throw ChainException.of(ChainException.Stage.EVALUATE, e);
        }
    }

    private JsonNode submit(String function, String... args) {
        return read(chain.submit(function, args).result());
    }

    static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the pair contract returned something that is not JSON", e);
        }
    }
}
