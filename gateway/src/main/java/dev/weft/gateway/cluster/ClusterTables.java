package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.task.TextTable;
import java.time.Instant;

/** How {@code weft cluster …} prints clusters, members and masters as text. */
public final class ClusterTables {
    private ClusterTables() {
    }

    /** The cluster's master row and its neighbour table as the chain shows it now. */
    public static String status(ClusterView view, Instant now) {
        NeighbourTable table = NeighbourTable.of(view, now);
        ClusterView.MasterRow m = view.master();
        String head = String.format("cluster %s of %s: %s, epoch %d, TTL %ds%n", view.name(), view.mspId(),
                m.hasMaster() ? "master " + m.memberId() + " at " + m.address() + ", last keepalive "
                        + m.lastKeepalive() + (now.isBefore(m.expiresAt()) ? " (alive)" : " (aged out)")
                        : "no master yet", m.epoch(), view.ttlSeconds());
        return head + "\n" + members(table);
    }

    public static String members(NeighbourTable table) {
        TextTable t = new TextTable("MEMBER", "ROLE", "PRIORITY", "ELECTABLE", "LIVE", "ADDRESS", "AGING EXPIRES");
        for (NeighbourTable.Neighbour n : table.neighbours()) {
            t.row(n.memberId(), n.role(), n.priority(), n.electable() ? "yes" : "no", n.live() ? "yes" : "no",
                    n.address(), n.agingExpiresAt());
        }
        return t.toString().stripTrailing();
    }

    /** {@code cluster:ListMasters}: one row per organisation's cluster. */
    public static String masters(JsonNode masters) {
        TextTable t = new TextTable("ORGANISATION", "CLUSTER", "MASTER", "EPOCH", "ADDRESS", "EXPIRES");
        for (JsonNode v : masters) {
            JsonNode m = v.path("master");
            t.row(m.path("mspId").asText(), m.path("cluster").asText(), m.path("memberId").asText("-"),
                    m.path("epoch").asLong(), m.path("address").asText("-"), v.path("expiresAt").asText());
        }
        return t.toString().stripTrailing();
    }
}
