package dev.weft.gateway.it;

import static dev.weft.gateway.it.GovernanceNetwork.cli;
import static dev.weft.gateway.it.GovernanceNetwork.governedStep;
import static dev.weft.gateway.it.GovernanceNetwork.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.routing.TransactionEndorsers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node-logic upgrade (S2.9) with logic that really differs. {@code asset_nodes}
 * is one chaincode definition (endorsement: any one organisation) whose
 * organisations each approved their own package ({@code ./test-network.sh deploy}):
 * Org1's and Org2's peers reach chaincode servers of logic-1 (version 1 of the
 * asset logic), Org3's peer a server of logic-2 (version 2, which also records
 * when and by which organisation an asset was written). A NODE route sends test
 * traffic to logic-2 and production to logic-1; the test reads back what each
 * call ran and who endorsed it, and has a production call endorsed by the
 * new-logic peer, which refuses it (MISROUTED) and writes nothing.
 */
@ExtendWith(RealNetwork.class)
class NodeLogicUpgradeIT {
    private static final String CHAINCODE = "asset_nodes";
    private static final List<String> OLD_ORGS = List.of("Org1MSP", "Org2MSP");
    private static final List<String> NEW_ORGS = List.of("Org3MSP");

    @BeforeAll
    static void governance() {
        GovernanceNetwork.settings();
    }

    private static GovernanceNetwork.Run invoke(String route, String cls, String assetId, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(List.of("invoke", "--logical", route, "--class", cls,
                "--routing-key", assetId, "--target-chaincode", CHAINCODE, "--profile", profile("org1"), "-o", "json"));
        args.addAll(List.of(extra));
        args.addAll(List.of("CreateAsset", assetId, "carol", "7"));
        return cli(args.toArray(String[]::new));
    }

    private static JsonNode created(String route, String cls, String assetId) {
        GovernanceNetwork.Run r = invoke(route, cls, assetId);
        assertThat(r.code()).as(r.all()).isZero();
        return r.json();
    }

    private static List<String> endorsers(JsonNode result) {
        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            return TransactionEndorsers.of(chain, result.path("transactionId").asText());
        }
    }

    /** What the chaincode server behind {@code org}'s peer says it runs. */
    private static JsonNode version(String org) {
        try (ChainClient chain = RealNetwork.client(org, "User1")) {
            byte[] answer = chain.evaluate(new ChainClient.Target(CHAINCODE, List.of(RealNetwork.profile(org).mspId())),
                    "Version");
            return Json.CONTRACT.read(new String(answer, StandardCharsets.UTF_8), "Version");
        }
    }

    @Test
    @DisplayName("S2.9 new-logic peers run another build of the asset logic: a test-class call runs it, a production "
            + "call runs the old one, and a production call sent to new-logic peers is refused with MISROUTED")
    void newLogicReallyDiffersAndMisroutedCallsAreRefused() {
        assertThat(version("org1").path("logic").asText()).isEqualTo("logic-1");
        assertThat(version("org1").path("version").asText()).isEqualTo("1");
        assertThat(version("org2").path("logic").asText()).isEqualTo("logic-1");
        assertThat(version("org3").path("logic").asText()).isEqualTo("logic-2");
        assertThat(version("org3").path("version").asText()).isEqualTo("2");

        String route = GovernanceNetwork.unique("node-upgrade");
        JsonNode pre = governedStep(route, "rollout", "start", route, "--old", "logic-1", "--old-orgs",
                String.join(",", OLD_ORGS), "--new", "logic-2", "--new-orgs", String.join(",", NEW_ORGS));
        assertThat(pre.path("kind").asText()).isEqualTo("NODE");

        // A test-class call is endorsed by the new-logic peer and runs the new logic: version 2's asset.
        String testId = route + "-t";
        JsonNode test = created(route, "test", testId);
        assertThat(test.path("label").asText()).isEqualTo("logic-2");
        assertThat(endorsers(test)).containsExactlyInAnyOrderElementsOf(NEW_ORGS);
        JsonNode testAsset = Json.CONTRACT.read(test.path("payload").asText(), "payload");
        assertThat(testAsset.path("version").asText()).isEqualTo("2");
        assertThat(testAsset.path("updatedBy").asText()).isEqualTo("Org1MSP");
        assertThat(testAsset.path("updatedAt").asText()).isNotEmpty();

        // A production call is endorsed by the old-logic peers and runs the old logic: version 1's asset.
        String prodId = route + "-p";
        JsonNode prod = created(route, "production", prodId);
        assertThat(prod.path("label").asText()).isEqualTo("logic-1");
        assertThat(endorsers(prod)).containsExactlyInAnyOrderElementsOf(OLD_ORGS);
        JsonNode prodAsset = Json.CONTRACT.read(prod.path("payload").asText(), "payload");
        assertThat(prodAsset.path("version").asText()).isEqualTo("1");
        assertThat(prodAsset.has("updatedBy")).as(Json.CONTRACT.write(prodAsset)).isFalse();

        // A production call sent to the new-logic peer is refused, and nothing is written.
        String misroutedId = route + "-m";
        GovernanceNetwork.Run misrouted = invoke(route, "production", misroutedId, "--endorsing-orgs", "Org3MSP");
        assertThat(misrouted.code()).as(misrouted.all()).isNotZero();
        assertThat(misrouted.all()).contains("MISROUTED").contains("logic-1").contains("logic-2");
        // And a test call sent to the old-logic peers likewise.
        GovernanceNetwork.Run misroutedTest = invoke(route, "test", route + "-m2", "--endorsing-orgs", "Org1MSP");
        assertThat(misroutedTest.code()).as(misroutedTest.all()).isNotZero();
        assertThat(misroutedTest.all()).contains("MISROUTED");
        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            ChainClient.Target any = new ChainClient.Target(CHAINCODE, List.of("Org1MSP"));
            assertThat(new String(chain.evaluate(any, "AssetExists", misroutedId), StandardCharsets.UTF_8))
                    .isEqualTo("false");
            assertThat(new String(chain.evaluate(any, "AssetExists", route + "-m2"), StandardCharsets.UTF_8))
                    .isEqualTo("false");
            assertThat(new String(chain.evaluate(any, "AssetExists", testId), StandardCharsets.UTF_8))
                    .isEqualTo("true");
        }
    }
}
