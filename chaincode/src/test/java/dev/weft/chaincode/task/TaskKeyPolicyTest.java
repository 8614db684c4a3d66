package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Under the channel's MAJORITY policy any two organisations' peers endorse any
 * write set; a participant's results and failure reports carry a key-level
 * policy that needs its own peer too (issue 9 item 12).
 */
class TaskKeyPolicyTest {
    private static final Set<String> ORG1_ORG2 = Set.of("Org1MSP", "Org2MSP");
    private static final Set<String> ORG3_ORG1 = Set.of("Org3MSP", "Org1MSP");
    private final TaskFixture f = TaskFixture.withPipeline();
    private final String taskId = f.create(f.user1, "pipeline", "{}");

    private String key(String type, String subtask, String msp) {
        return f.ledger.evaluate(f.user1, ctx -> Ledger.of(ctx).key(type, taskId, subtask, msp));
    }

    @Test
    @DisplayName("issue 9 item 12: each participant's result key exists from the moment its subtask is ready, under a "
            + "policy that needs its own peer and a majority: Org1 and Org2 alone cannot endorse a write to Org3's")
    void resultKeysCarryTheOwnersPolicy() {
        String org3 = key(TaskKeys.RESULT, "enrich", "Org3MSP");
        assertThat(f.ledger.validationParameter(org3)).isNotNull();
        assertThat(f.ledger.endorsable(org3, ORG1_ORG2)).isFalse();
        assertThat(f.ledger.endorsable(org3, Set.of("Org3MSP"))).as("nor the owner alone").isFalse();
        assertThat(f.ledger.endorsable(org3, ORG3_ORG1)).isTrue();
        assertThat(f.ledger.endorsable(key(TaskKeys.RESULT, "extract", "Org1MSP"), ORG1_ORG2)).isTrue();
        // The reservation is not a result: views and agreement ignore it.
        assertThat(f.subtask(taskId, "enrich").path("results")).isEmpty();

        // Org1 and Org2 write Org3's result themselves (their peers endorse any write set they like).
        FakeStub forged = f.ledger.begin(f.user1);
        forged.putState(org3, "{\"digest\":\"forged\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> f.ledger.commit(forged, ORG1_ORG2))
                .isInstanceOf(FakeLedger.EndorsementPolicyFailure.class);
        assertThat(f.ledger.read(org3)).doesNotContain("forged");

        // Org3's own result, endorsed without Org3's peer, is refused too; with it, it commits.
        String value = "scored";
        FakeStub without = f.ledger.begin(f.user3);
        f.contract.submitResult(new Context(without), taskId, "enrich", "1", Checks.sha256(value), value);
        assertThatThrownBy(() -> f.ledger.commit(without, ORG1_ORG2))
                .isInstanceOf(FakeLedger.EndorsementPolicyFailure.class);
        FakeStub with = f.ledger.begin(f.user3);
        f.contract.submitResult(new Context(with), taskId, "enrich", "1", Checks.sha256(value), value);
        f.ledger.commit(with, ORG3_ORG1);
        assertThat(f.status(taskId, "enrich")).isEqualTo("COMPLETED");
        assertThat(f.ledger.endorsable(org3, ORG1_ORG2)).isFalse();
    }

    @Test
    @DisplayName("issue 9 item 12: a participant's failure report is its own key, which Org1 and Org2 cannot rewrite")
    void failureReportsCarryTheReportersPolicy() {
        f.ledger.submit(f.user3, ctx -> f.contract.reportFailure(ctx, taskId, "enrich", "1", "engine down"));
        String report = key(TaskKeys.FAILURE, "enrich", "Org3MSP");
        assertThat(f.ledger.read(report)).contains("engine down").contains("\"mspId\":\"Org3MSP\"");
        assertThat(f.ledger.endorsable(report, ORG1_ORG2)).isFalse();
        assertThat(f.ledger.endorsable(report, Set.of("Org3MSP", "Org2MSP"))).isTrue();
        FakeStub forged = f.ledger.begin(f.user1);
        forged.delState(report);
        assertThatThrownBy(() -> f.ledger.commit(forged, ORG1_ORG2))
                .isInstanceOf(FakeLedger.EndorsementPolicyFailure.class);
        assertThat(f.ledger.read(report)).contains("engine down");
    }
}
