package dev.weft.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Node-logic routing (S2.9) applied where it takes effect: in the gateway
 * client, when it picks the endorsers of a transaction. The policy
 * ({@code route:NodePolicy}) says which organisations' peers run the logic each
 * traffic class must reach; a call is classified here exactly as the chaincode's
 * resolver would (explicit class, cohort, or routing-key bucket under the gray
 * weight), and is then endorsed only by those organisations' peers.
 *
 * <pre>{@code
 * NodeRouter router = new NodeRouter("Org1MSP", QualifiedId.of(chain.config()));
 * NodeRouter.Routed r = router.resolve(routes.nodePolicy("peer-logic"), TrafficClass.AUTO, "customer-42");
 * chain.submit(new ChainClient.Target("asset_v1", r.orgs()), "CreateAsset", "a1", "alice", "10");
 * }</pre>
 */
public final class NodeRouter {
    private final String mspId;
    private final String qualifiedId;

    /** Where a call goes: its class, why, its bucket, and the logic (label) and organisations that serve it. */
    public record Routed(String route, String phase, long revision, String trafficClass, String matchedBy,
            String routingKey, int bucket, String label, List<String> orgs) {
        public ChainClient.Target target(String chaincode) {
            return new ChainClient.Target(chaincode, orgs);
        }
    }

    /** For the caller {@code qualifiedId} of organisation {@code mspId} (cohorts name either). */
    public NodeRouter(String mspId, String qualifiedId) {
        this.mspId = Objects.requireNonNull(mspId, "mspId");
        this.qualifiedId = Objects.requireNonNull(qualifiedId, "qualifiedId");
    }

    /** Classifies a call under {@code nodePolicy}; an empty routing key means the caller's identity. */
    public Routed resolve(JsonNode nodePolicy, TrafficClass requested, String routingKey) {
        String route = nodePolicy.path("route").asText();
        String key = routingKey == null || routingKey.isEmpty() ? qualifiedId : routingKey;
        int bucket = Buckets.of(route, key);
        TrafficClass cls;
        String matchedBy;
        if (requested == TrafficClass.TEST) {
            cls = TrafficClass.TEST;
            matchedBy = "test";
        } else if (requested == TrafficClass.GRAY || requested == TrafficClass.PRODUCTION) {
            cls = requested;
            matchedBy = "class";
        } else {
            JsonNode rule = nodePolicy.path("grayRule");
            if (inCohort(rule.path("cohort"))) {
                cls = TrafficClass.GRAY;
                matchedBy = "cohort";
            } else if (!rule.isMissingNode() && !rule.isNull() && bucket < rule.path("weightBps").asInt()) {
                cls = TrafficClass.GRAY;
                matchedBy = "weight";
            } else {
                cls = TrafficClass.PRODUCTION;
                matchedBy = "default";
            }
        }
        JsonNode target = nodePolicy.path(cls.field());
        List<String> orgs = new ArrayList<>();
        target.path("orgs").forEach(o -> orgs.add(o.asText()));
        if (orgs.isEmpty()) {
            throw new IllegalStateException("node policy of " + route + " names no organisations for " + cls);
        }
        return new Routed(route, nodePolicy.path("phase").asText(), nodePolicy.path("revision").asLong(), cls.name(),
                matchedBy, key, bucket, target.path("label").asText(), List.copyOf(orgs));
    }

    private boolean inCohort(JsonNode cohort) {
        for (JsonNode org : cohort.path("orgs")) {
            if (org.asText().equals(mspId)) {
                return true;
            }
        }
        for (JsonNode id : cohort.path("identities")) {
            if (id.asText().equals(qualifiedId)) {
                return true;
            }
        }
        return false;
    }
}
