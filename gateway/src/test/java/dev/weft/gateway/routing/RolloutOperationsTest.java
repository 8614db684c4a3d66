package dev.weft.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.json.Json;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RolloutOperationsTest {

    @Test
    @DisplayName("S2.8 each phase is an operation in the form gov:Propose takes, with only the fields given")
    void operations() {
        assertThat(Json.CONTRACT.write(RolloutOperations.preRelease("asset", RolloutOperations.Version.parse("asset_v1@1"),
                RolloutOperations.Version.parse("asset_v2@2"), null))).isEqualTo("{\"params\":{\"kind\":\"CHAINCODE\","
                + "\"newVersion\":{\"chaincode\":\"asset_v2\",\"label\":\"2\"},\"oldVersion\":{\"chaincode\":"
                + "\"asset_v1\",\"label\":\"1\"}},\"target\":\"asset\",\"type\":\"PRE_RELEASE\"}");
        assertThat(Json.CONTRACT.write(RolloutOperations.gray("asset", 1000,
                RolloutOperations.Principals.of(List.of("Org2MSP"), null), null)))
                .isEqualTo("{\"params\":{\"cohort\":{\"identities\":[],\"orgs\":[\"Org2MSP\"]},\"weightBps\":1000},"
                        + "\"target\":\"asset\",\"type\":\"GRAY\"}");
        assertThat(Json.CONTRACT.write(RolloutOperations.switchover("asset", null)))
                .isEqualTo("{\"params\":{},\"target\":\"asset\",\"type\":\"SWITCH\"}");
        assertThat(Json.CONTRACT.write(RolloutOperations.rollback("asset", "errors")))
                .isEqualTo("{\"params\":{\"reason\":\"errors\"},\"target\":\"asset\",\"type\":\"ROLLBACK\"}");
        assertThat(Json.CONTRACT.write(RolloutOperations.preRelease("logic", null,
                RolloutOperations.Version.node("logic-2", List.of("Org2MSP", "Org3MSP")), null)))
                .contains("\"kind\":\"NODE\"").contains("\"orgs\":[\"Org2MSP\",\"Org3MSP\"]")
                .doesNotContain("oldVersion");
        assertThat(RolloutOperations.Version.parse("asset_v2").label()).isEqualTo("asset_v2");
    }

    @Test
    @DisplayName("S2.8 gray weights read as percentages or basis points, within 0..100 %")
    void weights() {
        assertThat(RolloutOperations.weightBps("10%")).isEqualTo(1000);
        assertThat(RolloutOperations.weightBps("0.5%")).isEqualTo(50);
        assertThat(RolloutOperations.weightBps("1000bps")).isEqualTo(1000);
        assertThat(RolloutOperations.weightBps("250")).isEqualTo(250);
        assertThatThrownBy(() -> RolloutOperations.weightBps("101%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RolloutOperations.weightBps("0.001%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RolloutOperations.weightBps("ten")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("S2.8 a pending step is the requested one when every requested field matches its stored form")
    void pendingStepMatching() {
        var requested = RolloutOperations.gray("asset", 1000, RolloutOperations.Principals.of(List.of("Org3MSP",
                "Org2MSP"), null), null);
        var stored = Json.CONTRACT.read("{\"type\":\"GRAY\",\"target\":\"asset\",\"params\":{\"weightBps\":1000,"
                + "\"cohort\":{\"orgs\":[\"Org2MSP\",\"Org3MSP\"],\"identities\":[]}}}", "stored");
        assertThat(Rollout.sameStep(requested, stored)).isTrue();
        assertThat(Rollout.sameStep(RolloutOperations.gray("asset", 2000, null, null), stored)).isFalse();
        assertThat(Rollout.sameStep(RolloutOperations.switchover("asset", null), stored)).isFalse();
        var storedSwitch = Json.CONTRACT.read("{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}", "stored");
        assertThat(Rollout.sameStep(RolloutOperations.switchover("asset", null), storedSwitch)).isTrue();
    }
}
