package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.gateway.chain.Blocks;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.task.TextTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;

/**
 * A pair's liveness over the last N windows as every gateway computes it (S3.2):
 * every block from the one the pair was created in up to the channel's height at the
 * call is read whole, the valid beacon transactions of the pair are fed into a
 * {@link LivenessTable} in block order, and the decision each member would take now
 * is added. Reading whole blocks (not waiting for chaincode events until none come)
 * makes the table a function of the block range alone. {@code weft cluster status} prints it.
 *
 * <pre>{@code
 * JsonNode status = PairStatus.read(chain, "Org1MSP");
 * // {"members":["a","b"],"windows":3,"windowSeconds":2,"validator":"a","epoch":1,"throughBlock":41,
 * //  "lastWindows":[{"round":…,"start":"…","alive":{"a":true,"b":true}},…],"decisions":{"a":"STAY","b":"STAY"}}
 * }</pre>
 */
public final class PairStatus {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();

    private PairStatus() {
    }

    public static ObjectNode read(ChainClient chain, String mspId) {
        PairLedger pairs = new PairLedger(chain);
        JsonNode view = pairs.pair(mspId);
        PairLedger.Settings s = PairLedger.settings(view);
        long from = pairs.blockOf(s.txId());
        long last = chain.blockHeight() - 1;
        LivenessTable table = new LivenessTable(s.members(), s.windows());
        long through = replay(chain, mspId, from, last, table);
        JsonNode master = pairs.pair(mspId).path("master");
        return of(s, table, master, through);
    }

    /** A valid {@code pair:Beacon} transaction of a committed block. */
    public record Beacon(String memberId, long round, long blockNumber, String transactionId) {
    }

    /** Feeds the pair's beacons of blocks {@code from..last} into {@code table}; returns the last block read. */
    static long replay(ChainClient chain, String mspId, long from, long last, LivenessTable table) {
        beacons(chain, mspId, from, last).forEach(b -> table.add(b.memberId(), b.round()));
        return last;
    }

    /**
     * The beacons of {@code mspId}'s pair in the committed blocks {@code from..last}, in block order: every
     * block of the range is read whole (block events), so the result never depends on how fast the peer
     * delivers them, and only transactions the block marks VALID count.
     */
    public static List<Beacon> beacons(ChainClient chain, String mspId, long from, long last) {
        List<Beacon> out = new ArrayList<>();
        Blocks.read(chain.network(), from, last, block -> out.addAll(beacons(block, chain.config().chaincode(),
                mspId)));
        return out;
    }

    /** The valid beacons of {@code mspId}'s pair in one block of chaincode {@code chaincode}. */
    static List<Beacon> beacons(Block block, String chaincode, String mspId) {
        List<Beacon> out = new ArrayList<>();
        for (Blocks.EndorserTx tx : Blocks.endorserTransactions(block)) {
            if (!tx.valid()) {
                continue;
            }
            for (ChaincodeActionPayload cap : tx.actions()) {
                ChaincodeEvent event;
                try {
                    event = ChaincodeEvent.parseFrom(Blocks.result(tx.block(), cap).getEvents());
                } catch (InvalidProtocolBufferException e) {
                    throw Blocks.unreadable(tx.block(), e);
                }
                if (!chaincode.equals(event.getChaincodeId()) || !PairLedger.EVENT_NAME.equals(event.getEventName())) {
                    continue;
                }
                PairLedger.PairEvent p = PairLedger.PairEvent.of(PairLedger.read(event.getPayload().toByteArray()),
                        tx.block());
                if ("BEACON".equals(p.kind()) && mspId.equals(p.mspId())) {
                    out.add(new Beacon(p.memberId(), p.round(), tx.block(), tx.txId()));
                }
            }
        }
        return out;
    }

    static ObjectNode of(PairLedger.Settings s, LivenessTable table, JsonNode master, long through) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode members = out.putArray("members");
        s.members().forEach(members::add);
        out.put("windows", s.windows()).put("windowSeconds", s.windowSeconds());
        String validator = master.path("memberId").isTextual() ? master.path("memberId").asText() : null;
        out.put("validator", validator).put("epoch", master.path("epoch").asLong()).put("throughBlock", through);
        ArrayNode windows = out.putArray("lastWindows");
        for (LivenessTable.Window w : table.lastClosed(s.windows())) {
            ObjectNode row = windows.addObject().put("round", w.round())
                    .put("start", Instant.ofEpochMilli(w.round() * s.windowSeconds() * 1000L).toString());
            ObjectNode alive = row.putObject("alive");
            s.members().forEach(m -> alive.put(m, w.alive().contains(m)));
        }
        ObjectNode decisions = out.putObject("decisions");
        for (String m : s.members()) {
            decisions.put(m, table.decide(m, m.equals(validator)).name());
        }
        return out;
    }

    /** The text form: one line per window, one column per member. */
    public static String text(JsonNode status) {
        List<String> members = JSON.convertValue(status.path("members"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        String head = String.format("pair %s: validator %s at epoch %d; N = %d windows of %d s (blocks through %d)%n",
                members, status.path("validator").asText("none"), status.path("epoch").asLong(),
                status.path("windows").asInt(), status.path("windowSeconds").asInt(),
                status.path("throughBlock").asLong());
        String[] cols = new String[members.size() + 1];
        cols[0] = "WINDOW START";
        for (int i = 0; i < members.size(); i++) {
            cols[i + 1] = members.get(i).toUpperCase(java.util.Locale.ROOT);
        }
        TextTable t = new TextTable(cols);
        for (JsonNode w : status.path("lastWindows")) {
            Object[] row = new Object[cols.length];
            row[0] = w.path("start").asText();
            for (int i = 0; i < members.size(); i++) {
                row[i + 1] = w.path("alive").path(members.get(i)).asBoolean() ? "alive" : "-";
            }
            t.row(row);
        }
        StringBuilder d = new StringBuilder("decisions now:");
        for (String m : members) {
            d.append(' ').append(m).append('=').append(status.path("decisions").path(m).asText());
        }
        return head + t.toString().stripTrailing() + "\n" + d;
    }
}
