package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The plain Fabric peer CLI, with the environment `test-network.sh env` prints, reaches the chaincode. */
@ExtendWith(RealNetwork.class)
class PeerCliIT {

    @Test
    void queryReturnsTheChaincodeVersionForEveryOrg() {
        for (String org : List.of("org1", "org2", "org3")) {
            Map<String, String> env = RealNetwork.peerEnv(org);
            RealNetwork.Result r = RealNetwork.run(List.of("peer", "chaincode", "query", "-C", env.get("WEFT_CHANNEL"),
                    "-n", env.get("WEFT_CHAINCODE"), "-c", "{\"function\":\"system:Version\",\"Args\":[]}"), env);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("\"chaincode\":\"weft\"").contains("\"version\":");
        }
    }

    @Test
    void invokeCommitsAPingThatAQueryThenReads() {
        Map<String, String> env = RealNetwork.peerEnv("org2");
        List<String> invoke = new ArrayList<>(List.of("peer", "chaincode", "invoke", "-o", env.get("ORDERER_ADDRESS"),
                "--tls", "--cafile", env.get("ORDERER_CA"), "-C", env.get("WEFT_CHANNEL"), "-n",
                env.get("WEFT_CHAINCODE"), "--waitForEvent"));
        invoke.addAll(List.of(env.get("WEFT_ENDORSERS").split(" ")));
        invoke.addAll(List.of("-c", "{\"function\":\"system:Ping\",\"Args\":[\"from the peer CLI\"]}"));
        RealNetwork.Result r = RealNetwork.run(invoke, env);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("status:200").contains("Org2MSP");

        String txId = r.output().replaceAll("(?s).*\\\\\"txId\\\\\":\\\\\"([0-9a-f]{64}).*", "$1");
        assertThat(txId).hasSize(64);
        RealNetwork.Result q = RealNetwork.run(List.of("peer", "chaincode", "query", "-C", env.get("WEFT_CHANNEL"),
                "-n", env.get("WEFT_CHAINCODE"), "-c", "{\"function\":\"system:GetPing\",\"Args\":[\"" + txId + "\"]}"),
                env);
        assertThat(q.exitCode()).as(q.output()).isZero();
        assertThat(q.output()).contains("from the peer CLI");
    }

    @Test
    void aRejectedCallPrintsTheStableErrorCode() {
        Map<String, String> env = RealNetwork.peerEnv("org1");
        RealNetwork.Result r = RealNetwork.run(List.of("peer", "chaincode", "query", "-C", env.get("WEFT_CHANNEL"),
                "-n", env.get("WEFT_CHAINCODE"), "-c", "{\"function\":\"system:GetPing\",\"Args\":[\"nope\"]}"), env);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("NOT_FOUND");
    }
}
