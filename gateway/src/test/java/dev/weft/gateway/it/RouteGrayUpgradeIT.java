package dev.weft.gateway.it;

import static dev.weft.gateway.it.GovernanceNetwork.cli;
import static dev.weft.gateway.it.GovernanceNetwork.governedStep;
import static dev.weft.gateway.it.GovernanceNetwork.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.routing.Routes;
import dev.weft.gateway.routing.TrafficClass;
import dev.weft.gateway.routing.TransactionEndorsers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A governed gray upgrade of the sample asset chaincode (asset_v1 → asset_v2) on
 * the real channel, through the CLI: Org1's admin walks the phases, the three
 * organisations vote on each, and at every phase real routed transactions land
 * on the version the policy gives their class.
 */
@ExtendWith(RealNetwork.class)
class RouteGrayUpgradeIT {
    private static final int AUTO_CALLS = 60;
    private final Map<String, Integer> calls = new HashMap<>();
    private final Map<String, Integer> errors = new HashMap<>();
    private int batches;

    @BeforeAll
    static void governance() {
        GovernanceNetwork.settings();
    }

    /** {@code n} routed CreateAsset calls of one class; answers how many landed on each version label. */
    private Map<String, Integer> traffic(String route, String cls, int n, String tag) {
        GovernanceNetwork.Run r = cli("invoke", "--logical", route, "--class", cls, "--routing-key", tag + "-{i}",
                "--repeat", Integer.toString(n), "--parallel", "6", "--profile", profile("org2"), "-o", "json",
                "CreateAsset", route + "-" + tag + "-{i}", "alice", "{i}");
        assertThat(r.code()).as(r.all()).isZero();
        Map<String, Integer> landed = new HashMap<>();
        for (JsonNode result : r.json().path("results")) {
            String label = result.path("label").asText();
            landed.merge(label, 1, Integer::sum);
            calls.merge(label, 1, Integer::sum);
            assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.path("payload").asText()).contains("\"version\":\"" + label + "\"");
        }
        return landed;
    }

    /**
     * A plain {@code peer chaincode invoke} of {@code route:Invoke} as Org3's admin: the router
     * resolves the version and calls it chaincode-to-chaincode. Answers the version label that
     * served the call, which is counted like the CLI's calls.
     */
    private String peerCliThroughRouter(String route, String assetId) {
        Map<String, String> env = RealNetwork.peerEnv("org3");
        List<String> invoke = new ArrayList<>(List.of("peer", "chaincode", "invoke", "-o", env.get("ORDERER_ADDRESS"),
                "--tls", "--cafile", env.get("ORDERER_CA"), "-C", env.get("WEFT_CHANNEL"), "-n",
                env.get("WEFT_CHAINCODE"), "--waitForEvent"));
        invoke.addAll(List.of(env.get("WEFT_ENDORSERS").split(" ")));
        invoke.addAll(List.of("-c", "{\"function\":\"route:Invoke\",\"Args\":[\"" + route + "\",\"PRODUCTION\",\""
                + assetId + "\",\"CreateAsset\",\"[\\\"" + route + "-" + assetId + "\\\",\\\"dave\\\",\\\"5\\\"]\"]}"));
        RealNetwork.Result r = RealNetwork.run(invoke, env);
        assertThat(r.exitCode()).as(r.output()).isZero();
        String unescaped = r.output().replace("\\", "");
        assertThat(unescaped).contains("status:200").contains("\"ok\":true");
        // The resolution names the version label and its chaincode; the asset it wrote says which code ran.
        Matcher target = Pattern.compile("\"target\":\\{\"chaincode\":\"(asset_v\\d)\",\"label\":\"([^\"]+)\"")
                .matcher(unescaped);
        assertThat(target.find()).as(unescaped).isTrue();
        String label = target.group(2);
        assertThat(target.group(1)).isEqualTo("asset_v" + label);
        assertThat(unescaped).contains("\"owner\":\"dave\"").contains("\"version\":\"" + label + "\"");
        calls.merge(label, 1, Integer::sum);
        return label;
    }

    private void expectClasses(String route, String test, String gray, String production) {
        assertThat(traffic(route, "test", 3, "t" + ++batches)).containsOnlyKeys(test);
        assertThat(traffic(route, "gray", 3, "g" + ++batches)).containsOnlyKeys(gray);
        assertThat(traffic(route, "production", 3, "p" + ++batches)).containsOnlyKeys(production);
    }

    @Test
    @DisplayName("S2.7 S2.8 pre-release → gray 10 % → switch → rollback, each voted by three orgs; real calls land on the "
            + "version the policy gives their class; per-version calls and errors are counted on chain; issue 9 item 5: "
            + "a refused routed call commits nothing and is counted from its caller's own error report")
    void governedGrayUpgrade() throws Exception {
        String route = GovernanceNetwork.unique("asset-it");
        JsonNode pre = governedStep(route, "rollout", "start", route, "--old", "asset_v1@1", "--new", "asset_v2@2",
                "--description", "RouteGrayUpgradeIT pre-release");
        assertThat(pre.path("phase").asText()).isEqualTo("PRE_RELEASE");
        expectClasses(route, "2", "1", "1");                                                     // S2.8 (a)
        assertThat(traffic(route, "auto", 12, "pa")).containsOnlyKeys("1");

        JsonNode gray = governedStep(route, "rollout", "advance", route, "--gray", "10%");
        assertThat(gray.path("gray").path("weightBps").asInt()).isEqualTo(1000);
        expectClasses(route, "2", "2", "1");                                                     // S2.8 (b)
        int expectedGray = 0;
        for (int i = 1; i <= AUTO_CALLS; i++) {
            expectedGray += bucket(route, "ga-" + i) < 1000 ? 1 : 0;
        }
        Map<String, Integer> auto = traffic(route, "auto", AUTO_CALLS, "ga");
        System.out.printf("RouteGrayUpgradeIT: gray 10%%: %d auto calls, %s (expected %d on v2 by bucket)%n",
                AUTO_CALLS, auto, expectedGray);
        assertThat(auto.getOrDefault("2", 0)).isEqualTo(expectedGray);
        assertThat(auto.getOrDefault("1", 0)).isEqualTo(AUTO_CALLS - expectedGray);

        // The switch step waits for its votes itself: it follows the vote events and tallies when certain.
        CompletableFuture<GovernanceNetwork.Run> switching = CompletableFuture.supplyAsync(() -> cli("rollout",
                "advance", route, "--switch", "--timeout", "3m", "--poll-interval", "20s", "--user", "Admin",
                "--profile", profile("org1"), "-o", "json"));
        String switchId = awaitOpenStep(route);
        GovernanceNetwork.orgsVote(switchId, "yes", "org1", "org2");
        GovernanceNetwork.Run switched = switching.get(4, TimeUnit.MINUTES);
        assertThat(switched.code()).as(switched.all()).isZero();
        assertThat(switched.json().path("policy").path("phase").asText()).isEqualTo("SWITCHED");
        // Two of three yes votes made the outcome certain, so the waiting proposer tallied at once.
        assertThat(switched.json().path("proposal").path("decision").path("reason").asText())
                .startsWith("passed before the deadline");
        GovernanceNetwork.Run late = cli("proposal", "vote", switchId, "yes", "--user", "Admin",
                "--profile", profile("org3"));
        assertThat(late.code()).isEqualTo(4);
        assertThat(late.err()).contains("CONFLICT").contains("is already PASSED");
        expectClasses(route, "2", "2", "2");                                                     // S2.8 (c)
        assertThat(traffic(route, "auto", 12, "sa")).containsOnlyKeys("2");
        assertThat(peerCliThroughRouter(route, "peer-cli-switched")).isEqualTo("2");             // S2.7
        failOnce(route, "2");

        JsonNode back = governedStep(route, "rollout", "rollback", route, "--reason", "RouteGrayUpgradeIT");
        assertThat(back.path("phase").asText()).isEqualTo("ROLLED_BACK");
        expectClasses(route, "1", "1", "1");
        assertThat(peerCliThroughRouter(route, "peer-cli-rolled-back")).isEqualTo("1");
        failOnce(route, "1");

        try (ChainClient chain = RealNetwork.client("org3", "User1")) {
            Routes routes = new Routes(chain);
            JsonNode stats = routes.stats(route, "");
            for (JsonNode v : stats.path("versions")) {
                String label = v.path("label").asText();
                assertThat(v.path("calls").asInt()).as("calls on " + label)
                        .isEqualTo(calls.get(label) + errors.getOrDefault(label, 0));
                assertThat(v.path("errors").asInt()).as("errors on " + label).isEqualTo(errors.get(label));
                assertThat(v.path("errorsByReporter").path("Org1MSP").asInt()).isEqualTo(errors.get(label));
            }
            assertThat(routes.history(route).findValuesAsText("operation"))
                    .containsExactly("PRE_RELEASE", "GRAY", "SWITCH", "ROLLBACK");
        }
        GovernanceNetwork.Run status = cli("rollout", "status", route, "--history", "--profile", profile("org2"));
        assertThat(status.out()).contains("phase ROLLED_BACK").containsPattern("production +OLD +1 \\(asset_v1\\)")
                .containsPattern("  2 +asset_v2 ").contains("ROLLBACK (RouteGrayUpgradeIT)")
                .containsPattern("  1 +asset_v1 .*Org1MSP 2\\n");
        System.out.println("RouteGrayUpgradeIT: final status\n" + status.out());
    }

    @Test
    @DisplayName("S2.8 a pre-approved organisation rolls back at once without a vote; others may not")
    void emergencyRollback() {
        String route = GovernanceNetwork.unique("asset-it-sos");
        governedStep(route, "rollout", "start", route, "--old", "asset_v1@1", "--new", "asset_v2@2",
                "--emergency-org", "Org2MSP");
        GovernanceNetwork.Run refused = cli("rollout", "rollback", route, "--emergency", "--reason", "not mine",
                "--user", "Admin", "--profile", profile("org3"));
        assertThat(refused.code()).as(refused.all()).isEqualTo(4);
        assertThat(refused.err()).contains("FORBIDDEN");
        GovernanceNetwork.Run sos = cli("rollout", "rollback", route, "--emergency", "--reason", "errors",
                "--user", "Admin", "--profile", profile("org2"));
        assertThat(sos.code()).as(sos.all()).isZero();
        assertThat(sos.out()).contains("emergency rollback by Org2MSP").contains("phase ROLLED_BACK");
        assertThat(traffic(route, "test", 2, "after")).containsOnlyKeys("1");
    }

    /**
     * A call the version refuses (no such asset): the routed transaction fails, so nothing of it is on the
     * ledger, and Org1's CLI reports the failure under Org1's identity — that report is the version's error.
     */
    private void failOnce(String route, String label) {
        GovernanceNetwork.Run r = cli("invoke", "--logical", route, "--class", "production", "--profile",
                profile("org1"), "-o", "json", "TransferAsset", route + "-missing", "bob");
        assertThat(r.code()).as(r.all()).isEqualTo(4);
        assertThat(r.json().path("label").asText()).isEqualTo(label);
        assertThat(r.json().path("ok").asBoolean()).isFalse();
        assertThat(r.json().path("message").asText()).contains("TARGET_FAILED").contains("NOT_FOUND");
        errors.merge(label, 1, Integer::sum);
        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            Routes.Answer a = new Routes(chain).invoke(route, TrafficClass.PRODUCTION, "", "TransferAsset",
                    List.of(route + "-missing", "bob"));
            assertThat(a.routed().path("ok").asBoolean()).isFalse();
            JsonNode report = a.routed().path("report");
            assertThat(report.path("label").asText()).isEqualTo(label);
            assertThat(report.path("reporterMsp").asText()).isEqualTo("Org1MSP");
            // The failed routed transaction was never committed; only the report that names it was.
            String failedTx = report.path("failedTxId").asText();
            assertThatThrownBy(() -> TransactionEndorsers.of(chain, failedTx)).isInstanceOfSatisfying(
                    ChainException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
            assertThat(TransactionEndorsers.of(chain, a.transactionId())).isNotEmpty();
            assertThat(Json.CONTRACT.write(a.routed().path("report"))).doesNotContain("No asset");
        }
        errors.merge(label, 1, Integer::sum);
    }

    private static String awaitOpenStep(String route) throws InterruptedException {
        for (int i = 0; i < 120; i++) {
            GovernanceNetwork.Run open = cli("proposal", "list", "--status", "OPEN", "--target", route, "--all",
                    "--profile", profile("org2"), "-o", "json");
            if (open.code() == 0 && open.json().path("items").size() == 1) {
                return open.json().path("items").get(0).path("id").asText();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the switch step was never proposed");
    }

    /**
     * The test's own oracle of the chaincode's bucket rule (Resolver):
     * unsigned_big_endian(SHA-256(UTF-8(route + "\n" + key))[0..8]) mod 10000.
     */
    static int bucket(String route, String key) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((route + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return (int) Long.remainderUnsigned(java.nio.ByteBuffer.wrap(digest, 0, 8).getLong(), 10_000);
    }
}
