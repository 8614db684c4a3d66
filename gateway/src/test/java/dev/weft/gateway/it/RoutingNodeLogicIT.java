package dev.weft.gateway.it;

import static dev.weft.gateway.it.GovernanceNetwork.cli;
import static dev.weft.gateway.it.GovernanceNetwork.governedStep;
import static dev.weft.gateway.it.GovernanceNetwork.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.routing.Routes;
import dev.weft.gateway.routing.TrafficClass;
import dev.weft.gateway.routing.TransactionEndorsers;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Node-logic routing (S2.9) on the real channel: a NODE route says which
 * organisations' peers run the old and the new logic; the gateway client picks
 * a transaction's endorsers by it, and the committed transaction's endorsements
 * (read back from the ledger) show exactly those organisations. The channel's
 * endorsement policy is MAJORITY, so each logic is served by two organisations.
 */
@ExtendWith(RealNetwork.class)
class RoutingNodeLogicIT {
    private static final List<String> OLD_ORGS = List.of("Org1MSP", "Org2MSP");
    private static final List<String> NEW_ORGS = List.of("Org2MSP", "Org3MSP");

    @BeforeAll
    static void governance() {
        GovernanceNetwork.settings();
    }

    /** One CLI call of the node route as {@code org}'s User1; answers the endorsers the policy chose. */
    private static JsonNode call(String route, String org, String cls, String key, String assetId) {
        GovernanceNetwork.Run r = cli("invoke", "--logical", route, "--class", cls, "--routing-key", key, "--target-chaincode",
                "asset_v1", "--profile", profile(org), "-o", "json", "CreateAsset", assetId, "carol", "7");
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode result = r.json();
        assertThat(result.path("kind").asText()).isEqualTo("NODE");
        assertThat(result.path("payload").asText()).contains("\"id\":\"" + assetId + "\"");
        return result;
    }

    /** The organisations whose endorsements the committed transaction carries. */
    private static List<String> endorsers(JsonNode result) {
        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            return TransactionEndorsers.of(chain, result.path("transactionId").asText());
        }
    }

    @Test
    @DisplayName("S2.9 the gateway client endorses each class on the peers the node-logic policy names, phase by phase")
    void endorsersFollowTheNodePolicy() {
        String route = GovernanceNetwork.unique("node-logic");
        JsonNode pre = governedStep(route, "rollout", "start", route, "--old", "logic-1", "--old-orgs",
                String.join(",", OLD_ORGS), "--new", "logic-2", "--new-orgs", String.join(",", NEW_ORGS));
        assertThat(pre.path("kind").asText()).isEqualTo("NODE");

        JsonNode test = call(route, "org1", "test", "k1", route + "-t1");
        assertThat(test.path("label").asText()).isEqualTo("logic-2");
        assertThat(endorsers(test)).containsExactlyInAnyOrderElementsOf(NEW_ORGS);
        JsonNode prod = call(route, "org1", "production", "k1", route + "-p1");
        assertThat(prod.path("label").asText()).isEqualTo("logic-1");
        assertThat(endorsers(prod)).containsExactlyInAnyOrderElementsOf(OLD_ORGS);
        JsonNode grayBeforeGray = call(route, "org1", "gray", "k1", route + "-g1");
        assertThat(endorsers(grayBeforeGray)).containsExactlyInAnyOrderElementsOf(OLD_ORGS);

        governedStep(route, "rollout", "advance", route, "--gray", "30%", "--cohort-org", "Org3MSP");
        // Org3's callers are the gray cohort: their regular traffic reaches the new logic whatever the key.
        JsonNode cohort = call(route, "org3", "auto", "k2", route + "-c1");
        assertThat(cohort.path("matchedBy").asText()).isEqualTo("cohort");
        assertThat(endorsers(cohort)).containsExactlyInAnyOrderElementsOf(NEW_ORGS);
        try (ChainClient org1 = RealNetwork.client("org1", "User1")) {
            Routes routes = new Routes(org1);
            int gray = 0;
            for (int i = 0; i < 40; i++) {
                JsonNode chains = routes.resolve(route, TrafficClass.AUTO, "key-" + i);
                assertThat(chains.path("bucket").asInt()).isEqualTo(RouteGrayUpgradeIT.bucket(route, "key-" + i));
                gray += chains.path("trafficClass").asText().equals("GRAY") ? 1 : 0;
            }
            assertThat(gray).as("a 30 % slice of 40 keys").isBetween(3, 24);
        }
        for (int i = 0; i < 8; i++) {
            JsonNode auto = call(route, "org1", "auto", "key-" + i, route + "-a" + i);
            List<String> expected = auto.path("trafficClass").asText().equals("GRAY") ? NEW_ORGS : OLD_ORGS;
            assertThat(endorsers(auto)).as("key-" + i).containsExactlyInAnyOrderElementsOf(expected);
        }

        governedStep(route, "rollout", "advance", route, "--switch");
        assertThat(endorsers(call(route, "org1", "production", "k3", route + "-p2")))
                .containsExactlyInAnyOrderElementsOf(NEW_ORGS);
    }
}
