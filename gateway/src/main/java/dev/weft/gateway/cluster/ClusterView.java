package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster as {@code cluster:GetCluster} returns it: its master-table row and its
 * enrolled members with their last on-chain keepalive.
 *
 * @param ttlSeconds how long after a keepalive the chain lets another member take over
 */
public record ClusterView(String mspId, String name, int ttlSeconds, MasterRow master, List<MemberRow> members) {

    /** A master-table row; {@code memberId} is null while the cluster has no master (epoch 0). */
    public record MasterRow(String mspId, String cluster, String memberId, String address, long epoch, Instant since,
            Instant lastKeepalive, Instant expiresAt) {

        public boolean hasMaster() {
            return memberId != null;
        }

        static MasterRow of(JsonNode view) {
            JsonNode m = view.path("master");
            return new MasterRow(m.path("mspId").asText(), m.path("cluster").asText(),
                    m.hasNonNull("memberId") ? m.get("memberId").asText() : null,
                    m.hasNonNull("address") ? m.get("address").asText() : null, m.path("epoch").asLong(),
                    Instant.parse(m.path("since").asText()), Instant.parse(view.path("lastKeepalive").asText()),
                    Instant.parse(view.path("expiresAt").asText()));
        }
    }

    /** An enrolled member; {@code lastKeepalive} is null before its first keepalive. */
    public record MemberRow(String memberId, String identity, int priority, String address, boolean electable,
            Instant lastKeepalive) {

        static MemberRow of(JsonNode view) {
            JsonNode m = view.path("member");
            JsonNode k = view.path("keepalive");
            return new MemberRow(m.path("memberId").asText(), m.path("identity").asText(), m.path("priority").asInt(),
                    m.path("address").asText(), m.path("electable").asBoolean(),
                    k.hasNonNull("time") ? Instant.parse(k.get("time").asText()) : null);
        }
    }

    static ClusterView of(JsonNode view) {
        JsonNode c = view.path("cluster");
        List<MemberRow> members = new ArrayList<>();
        view.path("members").forEach(m -> members.add(MemberRow.of(m)));
        return new ClusterView(c.path("mspId").asText(), c.path("name").asText(), c.path("masterTtlSeconds").asInt(),
                MasterRow.of(view.path("master")), members);
    }

    public MemberRow member(String memberId) {
        return members.stream().filter(m -> m.memberId().equals(memberId)).findFirst().orElse(null);
    }
}
