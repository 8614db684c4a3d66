package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The {@code cluster} contract as gateways and the CLI use it: one method per
 * function. Refusals surface as the {@link dev.weft.gateway.chain.ChainException}
 * the client raises, with the chaincode's code ({@code MASTER_ALIVE}, {@code STALE_EPOCH}, …).
 *
 * <pre>{@code
 * ClusterLedger clusters = new ClusterLedger(chain);
 * ClusterView org1 = clusters.cluster("Org1MSP");
 * clusters.keepalive("a", org1.master().epoch());
 * }</pre>
 */
public final class ClusterLedger {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    private final ChainClient chain;

    public ClusterLedger(ChainClient chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    /** Creates the caller's organisation's cluster (an admin); returns the cluster record. */
    public JsonNode create(String name, int masterTtlSeconds) {
        return submit("cluster:CreateCluster", name, Integer.toString(masterTtlSeconds));
    }

    /** Enrols or changes a member of the admin's own cluster; {@code fabricId} is {@code x509::…}. */
    public JsonNode enrol(String mspId, String memberId, String fabricId, int priority, String address,
            boolean electable) {
        ObjectNode member = JSON.createObjectNode().put("memberId", memberId).put("identity", fabricId)
                .put("priority", priority).put("address", address).put("electable", electable);
        return submit("cluster:Enrol", mspId, member.toString());
    }

    /** The first master of the caller's cluster, signed by the member itself. */
    public JsonNode register(String memberId) {
        return submit("cluster:Register", memberId);
    }

    /** {@code {"keepalive":…,"master":…,"isMaster":bool}}. */
    public JsonNode keepalive(String memberId, long epoch) {
        return submit("cluster:Keepalive", memberId, Long.toString(epoch));
    }

    /** Takes over as master from {@code expectedEpoch}; returns the new master row. */
    public JsonNode update(String memberId, long expectedEpoch) {
        return submit("cluster:Update", memberId, Long.toString(expectedEpoch));
    }

    /**
     * S4.7: reports the one organisation whose result differed in attempt {@code attempt} of the
     * subtask; {@code {"report":…,"count":n,"threshold":t,"windowSeconds":w,"forcedSwitch":bool,"master":…}}.
     */
    public JsonNode reportConsensusError(String taskId, String subtaskId, int attempt) {
        return submit("cluster:ReportConsensusError", taskId, subtaskId, Integer.toString(attempt));
    }

    /** S4.7 by hand: an admin forces a switch off its cluster's master; returns the master row left (no master). */
    public JsonNode forceSwitch() {
        return submit("cluster:Switch");
    }

    /** S4.7: an admin makes a member of its own cluster electable again and clears the count. */
    public JsonNode restore(String memberId) {
        return submit("cluster:Restore", memberId);
    }

    /** The master-table row of {@code mspId}'s cluster with its aging timer. */
    public JsonNode master(String mspId) {
        return evaluate("cluster:GetMaster", mspId);
    }

    /** Dissolves the caller's organisation's cluster (an admin): its writes are no longer fenced. */
    public JsonNode dissolve() {
        return submit("cluster:Dissolve");
    }

    public ClusterView cluster(String mspId) {
        return ClusterView.of(evaluate("cluster:GetCluster", mspId));
    }

    /** The raw {@code cluster:GetCluster} answer, for {@code --output json}. */
    public JsonNode clusterJson(String mspId) {
        return evaluate("cluster:GetCluster", mspId);
    }

    /** Every cluster's master with its aging timer, in MSP order. */
    public JsonNode masters() {
        return evaluate("cluster:ListMasters");
    }

    private JsonNode submit(String function, String... args) {
        return read(chain.submit(function, args).result());
    }

    private JsonNode evaluate(String function, String... args) {
        return read(chain.evaluate(function, args));
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the cluster contract returned something that is not JSON", e);
        }
    }
}
