package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S4.7 which disagreements a gateway reports")
class ConsensusReporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode task(String dissenters, String digests) throws Exception {
        return JSON.readTree("""
                {"task":{"taskId":"t1"},"subtasks":[
                 {"state":{"taskId":"t1","name":"ok","failures":[]}},
                 {"state":{"taskId":"t1","name":"tally","failures":[
                   {"attempt":1,"kind":"TIMEOUT"},
                   {"attempt":2,"kind":"DISAGREEMENT","disagreement":{"digests":%s,"dissenters":%s}}]}}]}"""
                .formatted(digests, dissenters));
    }

    @Test
    @DisplayName("S4.7 another participant reports the single dissenter of a disagreement it took part in")
    void reportsTheSingleDissenter() throws Exception {
        JsonNode t = task("[\"Org1MSP\"]", "{\"Org1MSP\":\"x\",\"Org2MSP\":\"y\",\"Org3MSP\":\"y\"}");
        assertThat(ConsensusReporter.evidence(t, "Org2MSP"))
                .containsExactly(new ConsensusReporter.Evidence("t1", "tally", 2, "Org1MSP"));
        assertThat(ConsensusReporter.evidence(t, "Org1MSP")).as("never itself").isEmpty();
        assertThat(ConsensusReporter.evidence(t, "Org4MSP")).as("not a participant").isEmpty();
    }

    @Test
    @DisplayName("S4.7 a disagreement without exactly one dissenter is not reported")
    void noSingleDissenterNoReport() throws Exception {
        assertThat(ConsensusReporter.evidence(task("[]", "{\"Org1MSP\":\"x\",\"Org2MSP\":\"y\"}"), "Org2MSP"))
                .isEqualTo(List.of());
        assertThat(ConsensusReporter.evidence(task("[\"Org1MSP\",\"Org3MSP\"]",
                "{\"Org1MSP\":\"x\",\"Org2MSP\":\"y\",\"Org3MSP\":\"z\",\"Org4MSP\":\"y\",\"Org5MSP\":\"y\"}"),
                "Org2MSP")).isEmpty();
    }
}
