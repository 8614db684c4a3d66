package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S3.2 weft cluster status of a pair: liveness over the last N windows and each member's decision")
class PairStatusTest {

    @Test
    @DisplayName("S3.2 S3.3 the status names the validator, the last N closed windows with who was alive, and "
            + "what each member would decide now")
    void statusOfAPairWhoseValidatorStopped() throws Exception {
        PairLedger.Settings s = new PairLedger.Settings("Org1MSP", "org1", List.of("a", "b"), 3, 5, "tx1");
        LivenessTable t = new LivenessTable(s.members(), s.windows());
        t.add("a", 100);
        t.add("b", 100);
        for (long r = 101; r <= 105; r++) {
            t.add("b", r);
        }
        JsonNode master = new ObjectMapper().readTree("{\"memberId\":\"a\",\"epoch\":1}");
        JsonNode status = PairStatus.of(s, t, master, 42);
        assertThat(status.path("validator").asText()).isEqualTo("a");
        assertThat(status.path("throughBlock").asLong()).isEqualTo(42);
        assertThat(status.path("lastWindows")).hasSize(3);
        assertThat(status.path("lastWindows").get(0).path("round").asLong()).isEqualTo(101);
        assertThat(status.path("lastWindows").get(0).path("start").asText()).isEqualTo("1970-01-01T00:08:25Z");
        assertThat(status.path("lastWindows").get(2).path("alive").toString()).isEqualTo("{\"a\":false,\"b\":true}");
        assertThat(status.path("decisions").path("a").asText()).isEqualTo("DEMOTE");
        assertThat(status.path("decisions").path("b").asText()).isEqualTo("PROMOTE");
        String text = PairStatus.text(status);
        assertThat(text).contains("validator a at epoch 1").contains("N = 3 windows of 5 s")
                .contains("decisions now: a=DEMOTE b=PROMOTE");
        assertThat(text.lines().filter(l -> l.startsWith("1970-")).count()).isEqualTo(3);
    }
}
