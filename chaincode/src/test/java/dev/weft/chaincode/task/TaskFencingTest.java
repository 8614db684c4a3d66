package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chaincode.cluster.ClusterFixture;
import dev.weft.chaincode.cluster.Fencing;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("issue 11 item 2: fencing by epoch of an organisation's result writes")
class TaskFencingTest {
    private final TaskFixture f = TaskFixture.withPipeline();
    private final ClusterFixture c = new ClusterFixture(f.ledger);
    private String taskId;

    @BeforeEach
    void create() {
        taskId = f.create(f.user1, "pipeline", "{}");
    }

    private String submitAs(TestIdentity who, Map<String, String> fields, String value) {
        return f.ledger.submit(who, fields, ctx -> f.contract.submitResult(ctx, taskId, "extract", "1",
                TaskFixture.sha256(value), value));
    }

    private void refused(ErrorCode code, TestIdentity who, Map<String, String> fields) {
        Map<String, String> before = f.ledger.snapshot();
        assertThatThrownBy(() -> submitAs(who, fields, "rows:1")).isInstanceOfSatisfying(
                dev.weft.chaincode.ledger.WeftException.class, e -> assertThat(e.code()).as(e.getMessage())
                        .isEqualTo(code));
        assertThatThrownBy(() -> f.ledger.submit(who, fields, ctx -> f.contract.reportFailure(ctx, taskId, "extract",
                "1", "engine down"))).isInstanceOfSatisfying(dev.weft.chaincode.ledger.WeftException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
        assertThat(f.ledger.snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("issue 11 item 2: an organisation without a cluster writes as before, with or without an epoch")
    void noClusterNoFencing() {
        submitAs(f.user1, Map.of(), "rows:1");
        submitAs(f.user2, ClusterFixture.epoch(7), "rows:1");
        assertThat(f.status(taskId, "extract")).isEqualTo("COMPLETED");
    }

    @Test
    @DisplayName("issue 11 item 2: once Org1 has a cluster, nothing lands for Org1 before a master registers")
    void clusterWithoutMasterRefusesEverything() {
        c.withOrg1Cluster();
        refused(ErrorCode.NOT_MASTER, f.user1, Map.of());
        refused(ErrorCode.NOT_MASTER, c.a, ClusterFixture.epoch(0));
        submitAs(f.user2, Map.of(), "rows:1");
    }

    @Test
    @DisplayName("issue 11 item 2: only the master at the current epoch lands Org1's result")
    void onlyTheMasterAtItsEpoch() {
        c.withOrg1Cluster();
        c.register(c.a, "a");
        refused(ErrorCode.NOT_MASTER, f.user1, ClusterFixture.epoch(1));
        refused(ErrorCode.NOT_MASTER, c.b, ClusterFixture.epoch(1));
        refused(ErrorCode.STALE_EPOCH, c.a, Map.of());
        refused(ErrorCode.STALE_EPOCH, c.a, ClusterFixture.epoch(2));
        refused(ErrorCode.STALE_EPOCH, c.a, Map.of(Fencing.EPOCH_FIELD, "01"));
        submitAs(c.a, ClusterFixture.epoch(1), "rows:1");
        assertThat(f.subtask(taskId, "extract").path("results").toString()).contains("Org1MSP");
    }

    @Test
    @DisplayName("issue 11 item 2: a deposed master's result and failure report are refused; the new master's land")
    void deposedMasterIsRefused() {
        c.withOrg1Cluster();
        c.register(c.a, "a");
        f.ledger.advanceClock(Duration.ofSeconds(11));
        c.update(c.b, "b", 1);
        refused(ErrorCode.NOT_MASTER, c.a, ClusterFixture.epoch(1));
        refused(ErrorCode.NOT_MASTER, c.a, ClusterFixture.epoch(2));
        refused(ErrorCode.STALE_EPOCH, c.b, ClusterFixture.epoch(1));
        submitAs(c.b, ClusterFixture.epoch(2), "rows:1");
    }

    @Test
    @DisplayName("issue 11 item 2: a master deposed while its result was being endorsed never lands it (MVCC on the master key)")
    void deposedMidSubmit() {
        c.withOrg1Cluster();
        c.register(c.a, "a");
        FakeStub inFlight = f.ledger.begin(c.a).putTransient(Fencing.EPOCH_FIELD, "1");
        f.contract.submitResult(new Context(inFlight), taskId, "extract", "1", TaskFixture.sha256("rows:1"),
                "rows:1");
        f.ledger.advanceClock(Duration.ofSeconds(11));
        c.update(c.b, "b", 1);
        assertThatThrownBy(() -> f.ledger.commit(inFlight)).isInstanceOf(FakeLedger.MvccConflict.class);
        assertThat(f.subtask(taskId, "extract").path("results").toString()).doesNotContain("Org1MSP");
    }

    @Test
    @DisplayName("issue 11 item 2: a master's keepalive in the same block as its result does not invalidate the result")
    void keepaliveDoesNotInvalidateResults() {
        c.withOrg1Cluster();
        c.register(c.a, "a");
        FakeStub result = f.ledger.begin(c.a).putTransient(Fencing.EPOCH_FIELD, "1");
        f.contract.submitResult(new Context(result), taskId, "extract", "1", TaskFixture.sha256("rows:1"), "rows:1");
        c.keepalive(c.a, "a", 1);
        f.ledger.commit(result);
        assertThat(f.subtask(taskId, "extract").path("results").toString()).contains("Org1MSP");
    }

    @Test
    @DisplayName("issue 11 item 2: Org1's cluster does not fence Org2's and Org3's results")
    void otherOrganisationsUnaffected() {
        c.withOrg1Cluster();
        c.register(c.a, "a");
        submitAs(f.user2, Map.of(), "rows:1");
        submitAs(c.a, ClusterFixture.epoch(1), "rows:1");
        assertThat(f.status(taskId, "extract")).isEqualTo("COMPLETED");
    }

    @Test
    @DisplayName("issue 11 item 2: a dissolved cluster no longer fences its organisation")
    void dissolvedClusterNoLongerFences() {
        c.withOrg1Cluster();
        c.register(c.a, "a");
        refused(ErrorCode.NOT_MASTER, f.user1, Map.of());
        f.ledger.submit(c.admin1, ctx -> c.contract.dissolve(ctx));
        submitAs(f.user1, Map.of(), "rows:1");
    }
}
