package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chaincode.cluster.ClusterFixture;
import dev.weft.chaincode.cluster.PairContract;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S3.5 fencing of a pair: the old validator's results are refused after a promotion")
class PairFencingTest {
    private final TaskFixture f = TaskFixture.withPipeline();
    private final ClusterFixture c = new ClusterFixture(f.ledger);
    private final PairContract pair = new PairContract();
    private String taskId;

    @BeforeEach
    void create() {
        taskId = f.create(f.user1, "pipeline", "{}");
        c.withOrg1Cluster();
        f.ledger.submit(c.admin1, ctx -> pair.createPair(ctx, "a", "b", "2", "5"));
        f.ledger.submit(c.a, ctx -> pair.promote(ctx, "a", "0"));
    }

    private void promoteB() {
        f.ledger.advanceClock(Duration.ofSeconds(11));
        f.ledger.submit(c.b, ctx -> pair.beacon(ctx, "b", "SYNC", "1"));
        f.ledger.submit(c.b, ctx -> pair.promote(ctx, "b", "1"));
    }

    private String submitAs(TestIdentity who, long epoch) {
        return f.ledger.submit(who, ClusterFixture.epoch(epoch), ctx -> f.contract.submitResult(ctx, taskId,
                "extract", "1", TaskFixture.sha256("rows:1"), "rows:1"));
    }

    @Test
    @DisplayName("S3.5 after the sync member's promotion the old validator lands nothing, at either epoch; "
            + "the new validator's result lands")
    void oldValidatorRefused() {
        promoteB();
        Map<String, String> before = f.ledger.snapshot();
        for (long epoch : new long[] {1, 2}) {
            assertThatThrownBy(() -> submitAs(c.a, epoch)).isInstanceOfSatisfying(WeftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_MASTER));
        }
        assertThatThrownBy(() -> submitAs(c.b, 1)).isInstanceOfSatisfying(WeftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_EPOCH));
        assertThat(f.ledger.snapshot()).isEqualTo(before);
        submitAs(c.b, 2);
        assertThat(f.subtask(taskId, "extract").path("results").toString()).contains("Org1MSP");
    }

    @Test
    @DisplayName("S3.5 a result the old validator was endorsing when the promotion committed never lands")
    void inFlightResultOfOldValidator() {
        FakeStub inFlight = f.ledger.begin(c.a).putTransient("weft.epoch", "1");
        f.contract.submitResult(new Context(inFlight), taskId, "extract", "1", TaskFixture.sha256("rows:1"),
                "rows:1");
        promoteB();
        assertThatThrownBy(() -> f.ledger.commit(inFlight)).isInstanceOf(FakeLedger.MvccConflict.class);
        assertThat(f.subtask(taskId, "extract").path("results").toString()).doesNotContain("Org1MSP");
    }

    @Test
    @DisplayName("S3.5 the validator's beacon in the same block as its result does not invalidate the result")
    void beaconDoesNotInvalidateResult() {
        FakeStub result = f.ledger.begin(c.a).putTransient("weft.epoch", "1");
        f.contract.submitResult(new Context(result), taskId, "extract", "1", TaskFixture.sha256("rows:1"), "rows:1");
        f.ledger.submit(c.a, ctx -> pair.beacon(ctx, "a", "VALIDATOR", "1"));
        f.ledger.commit(result);
        assertThat(f.subtask(taskId, "extract").path("results").toString()).contains("Org1MSP");
    }
}
