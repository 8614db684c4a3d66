package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.task.TextTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;

/**
 * A pair's liveness over the last N windows as every gateway computes it (S3.2):
 * the pair's events are read from the block the pair was created in up to the
 * channel's height at the call, fed into a {@link LivenessTable}, and the decision
 * each member would take now is added. {@code weft cluster status} prints it.
 *
 * <pre>{@code
 * JsonNode status = PairStatus.read(chain, "Org1MSP");
 * // {"members":["a","b"],"windows":3,"windowSeconds":2,"validator":"a","epoch":1,"throughBlock":41,
 * //  "lastWindows":[{"round":…,"start":"…","alive":{"a":true,"b":true}},…],"decisions":{"a":"STAY","b":"STAY"}}
 * }</pre>
 */
public final class PairStatus {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    /** Reading stops when no event came for this long after the last one (the channel is quiet). */
    private static final Duration IDLE = Duration.ofSeconds(2);

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

    /** Feeds the pair's beacons of blocks {@code from..last} into {@code table}; returns the last block read. */
    static long replay(ChainClient chain, String mspId, long from, long last, LivenessTable table) {
        BlockingQueue<ChaincodeEvent> queue = new LinkedBlockingQueue<>();
        CloseableIterator<ChaincodeEvent> events = chain.events(from, null);
        Thread reader = new Thread(() -> {
            try {
                while (events.hasNext()) {
                    queue.add(events.next());
                }
            } catch (RuntimeException ignored) {
                // closed below
            }
        }, "weft-pair-status");
        reader.setDaemon(true);
        reader.start();
        long through = from - 1;
        try {
            while (through < last) {
                ChaincodeEvent e = queue.poll(IDLE.toMillis(), TimeUnit.MILLISECONDS);
                if (e == null) {
                    break;
                }
                if (e.getBlockNumber() > last) {
                    break;
                }
                through = e.getBlockNumber();
                PairLedger.PairEvent p = PairLedger.PairEvent.of(e);
                if (p != null && "BEACON".equals(p.kind()) && mspId.equals(p.mspId())) {
                    table.add(p.memberId(), p.round());
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            events.close();
        }
        return through;
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
