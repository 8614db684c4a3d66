package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Key-level endorsement on the real channel (issue 9 item 12): Org3's result key
 * needs Org3's peer, so a transaction that writes it, endorsed by Org1's and
 * Org2's peers alone — a majority of the channel — is invalidated at commit;
 * Org3's gateway's ordinary submit, which its own peer endorses, commits.
 */
@ExtendWith(RealNetwork.class)
class KeyLevelEndorsementIT {

    @Test
    @DisplayName("issue 9 item 12: a write of Org3's result endorsed by Org1 and Org2 alone is invalidated "
            + "(ENDORSEMENT_POLICY_FAILURE); Org3's gateway submit of the same result commits")
    void twoOrganisationsCannotWriteTheThirdsResult() throws Exception {
        String definition = GovernanceNetwork.unique("sbe-probe");
        String taskId;
        // Org3's admin proposes the definition (so its own organisation approves it: consent, issue 9 item 1)
        try (ChainClient org3Admin = RealNetwork.client("org3", "Admin")) {
            org3Admin.submit("task:RegisterDefinition", "{\"id\":\"" + definition + "\",\"subtasks\":[{\"name\":\"s\","
                    + "\"operation\":\"it.sbe\",\"participants\":[\"Org3MSP\"],\"timeoutSeconds\":3600}]}");
        }
        try (ChainClient org1 = RealNetwork.client("org1", "Admin")) {
            taskId = Json.CONTRACT.read(org1.submit("task:CreateTask", definition, "{}").resultText(), "task")
                    .path("taskId").asText();
        }
        String value = "org3-result";
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
        String call = "{\"function\":\"task:SubmitResult\",\"Args\":[\"" + taskId + "\",\"s\",\"1\",\"" + digest
                + "\",\"" + value + "\"]}";

        // Org3's own proposal, but endorsed by the peers of Org1 and Org2 only.
        Map<String, String> env = RealNetwork.peerEnv("org3");
        List<String> endorsers = List.of(env.get("WEFT_ENDORSERS").split(" "));
        List<String> invoke = new ArrayList<>(List.of("peer", "chaincode", "invoke", "-o", env.get("ORDERER_ADDRESS"),
                "--tls", "--cafile", env.get("ORDERER_CA"), "-C", env.get("WEFT_CHANNEL"), "-n",
                env.get("WEFT_CHAINCODE"), "--waitForEvent"));
        invoke.addAll(endorsers.subList(0, 8));   // peer0.org1 and peer0.org2, each with its TLS root
        assertThat(String.join(" ", endorsers.subList(0, 8))).contains("org1.example.com").contains("org2.example.com")
                .doesNotContain("org3.example.com");
        invoke.addAll(List.of("-c", call));
        RealNetwork.Result twoOrgs = RealNetwork.run(invoke, env);
        for (int retry = 0; retry < 3 && twoOrgs.output().contains("timeout expired while executing"); retry++) {
            // A peer that has just (re)connected to the chaincode server may time out its first simulation.
            twoOrgs = RealNetwork.run(invoke, env);
        }
        String shown = twoOrgs.output().lines().filter(l -> l.contains("ENDORSEMENT_POLICY") || l.contains("Error"))
                .map(l -> l.length() > 300 ? l.substring(0, 300) + "…" : l).reduce("", (a, b) -> a + b + "\n");
        System.out.println("KeyLevelEndorsementIT: Org1+Org2 endorsement of Org3's result:\n" + shown);
        assertThat(twoOrgs.exitCode()).as(twoOrgs.output()).isNotZero();
        assertThat(twoOrgs.output()).contains("ENDORSEMENT_POLICY_FAILURE");

        try (ChainClient org3 = RealNetwork.client("org3", "User1")) {
            JsonNode before = Json.CONTRACT.read(org3.evaluateText("task:GetSubtask", taskId, "s"), "subtask");
            assertThat(before.path("results")).as("nothing of the invalid transaction was written").isEmpty();
            org3.submit("task:SubmitResult", taskId, "s", "1", digest, value);
            JsonNode after = Json.CONTRACT.read(org3.evaluateText("task:GetSubtask", taskId, "s"), "subtask");
            assertThat(after.path("results")).singleElement().satisfies(r -> {
                assertThat(r.path("mspId").asText()).isEqualTo("Org3MSP");
                assertThat(r.path("digest").asText()).isEqualTo(digest);
            });
            // Org3 is the only participant: its result completes the task, which leaves no work pending for
            // other tests' gateways.
            assertThat(after.path("state").path("status").asText()).isEqualTo("COMPLETED");
        }
    }
}
