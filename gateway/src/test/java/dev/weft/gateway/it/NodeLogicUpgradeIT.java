package dev.weft.gateway.it;

import static dev.weft.gateway.it.GovernanceNetwork.cli;
import static dev.weft.gateway.it.GovernanceNetwork.governedStep;
import static dev.weft.gateway.it.GovernanceNetwork.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.GovJson;
import dev.weft.gateway.routing.TransactionEndorsers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * S2.9 on the real network, with node logic that really differs: the chaincode
 * {@code asset_nodes} is one definition whose organisations approved their own
 * packages, so Org1's and Org2's peers reach servers running the old logic
 * (asset v1, {@code NODE_LOGIC=logic-1}) and Org3's peer one running the new
 * logic (asset v2, {@code logic-2}). The node-routing policy sends test traffic to
 * the new logic and production to the old, and each server refuses a call the
 * policy sends to the other logic.
 */
@ExtendWith(RealNetwork.class)
class NodeLogicUpgradeIT {
    private static final String OLD = "Org1MSP,Org2MSP";
    private static final String NEW = "Org3MSP";

    private static GovernanceNetwork.Run call(String route, String cls, String assetId, String... extra) {
        List<String> args = new ArrayList<>(List.of("invoke", "--logical", route, "--class", cls,
                "--target-chaincode", "asset_nodes", "--profile", profile("org1"), "-o", "json"));
        args.addAll(List.of(extra));
        args.addAll(List.of("CreateAsset", assetId, "carol", "7"));
        return cli(args.toArray(String[]::new));
    }

    private static JsonNode asset(String payload) {
        return GovJson.read(payload, "asset");
    }

    private static List<String> endorsers(JsonNode result) {
        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            return TransactionEndorsers.of(chain, result.path("transactionId").asText());
        }
    }

    @Test
    @DisplayName("S2.9 a test-class call runs the new build on the new-logic peers, a production call the old one, "
            + "and a production call sent to the new-logic peers is refused (MISROUTED)")
    void newAndOldLogicRunWhereThePolicySaysAndNowhereElse() {
        GovernanceNetwork.settings();
        String route = GovernanceNetwork.unique("nodes");
        governedStep(route, "rollout", "start", route, "--old", "logic-1", "--old-orgs", OLD,
                "--new", "logic-2", "--new-orgs", NEW);

        GovernanceNetwork.Run test = call(route, "test", route + "-t");
        assertThat(test.code()).as(test.all()).isZero();
        JsonNode testAsset = asset(test.json().path("payload").asText());
        assertThat(testAsset.path("version").asText()).as("the new build answered").isEqualTo("2");
        assertThat(testAsset.path("updatedBy").asText()).isEqualTo("Org1MSP");
        assertThat(endorsers(test.json())).containsExactly("Org3MSP");

        GovernanceNetwork.Run production = call(route, "production", route + "-p");
        assertThat(production.code()).as(production.all()).isZero();
        JsonNode prodAsset = asset(production.json().path("payload").asText());
        assertThat(prodAsset.path("version").asText()).as("the old build answered").isEqualTo("1");
        assertThat(prodAsset.has("updatedBy")).isFalse();
        assertThat(endorsers(production.json())).isNotEmpty().allMatch(m -> m.equals("Org1MSP") || m.equals("Org2MSP"));

        GovernanceNetwork.Run misrouted = call(route, "production", route + "-m", "--endorsing-orgs", NEW);
        assertThat(misrouted.code()).as(misrouted.all()).isNotZero();
        assertThat(misrouted.json().path("ok").asBoolean()).isFalse();
        assertThat(misrouted.json().path("message").asText()).contains("MISROUTED")
                .contains("sends PRODUCTION traffic to logic logic-1");
        GovernanceNetwork.Run testOnOld = call(route, "test", route + "-m2", "--endorsing-orgs", "Org1MSP");
        assertThat(testOnOld.json().path("message").asText()).contains("MISROUTED");
        try (ChainClient org1 = RealNetwork.client("org1", "User1")) {
            for (String refused : List.of(route + "-m", route + "-m2")) {
                assertThat(new String(org1.evaluate(new ChainClient.Target("asset_nodes", List.of()), "AssetExists",
                        refused), StandardCharsets.UTF_8))
                        .as("a refused call wrote nothing").isEqualTo("false");
            }
        }

        governedStep(route, "rollout", "advance", route, "--switch");
        GovernanceNetwork.Run switched = call(route, "production", route + "-s");
        assertThat(switched.code()).as(switched.all()).isZero();
        assertThat(asset(switched.json().path("payload").asText()).path("version").asText())
                .as("after the switch production reaches the new build").isEqualTo("2");
        assertThat(endorsers(switched.json())).containsExactly("Org3MSP");
    }
}
