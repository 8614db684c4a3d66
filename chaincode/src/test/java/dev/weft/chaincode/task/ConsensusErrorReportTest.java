package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.cluster.ClusterContract;
import dev.weft.chaincode.cluster.ClusterFixture;
import dev.weft.chaincode.gov.GovContract;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S4.7 consensus-error reports and the forced switch")
class ConsensusErrorReportTest {
    private static final String VOTE = """
            {"id":"vote","description":"three organisations compute the same sum","subtasks":[
              {"name":"tally","operation":"sum","participants":["Org1MSP","Org2MSP","Org3MSP"],
               "parameters":{"query":"sales-amounts"}}]}""";

    private final TaskFixture f = new TaskFixture();
    private final ClusterFixture c = new ClusterFixture(f.ledger);
    private final ClusterContract cluster = c.contract;

    @BeforeEach
    void setUp() {
        f.registerActive(f.admin1, VOTE);
        c.withOrg1Cluster();
        c.register(c.a, "a");
    }

    /** A task whose tally ends with Org1 (master a at {@code epoch}) alone against Org2 and Org3. */
    private String org1Dissents(TestIdentity org1, long epoch) {
        String task = f.create(f.user2, "vote", "{}");
        f.submit(f.user2, task, "tally", 1, "sum:375");
        f.submit(f.user3, task, "tally", 1, "sum:375");
        submitFenced(org1, epoch, task, "sum:999");
        assertThat(f.status(task, "tally")).isEqualTo("FAILED");
        return task;
    }

    private void submitFenced(TestIdentity who, long epoch, String task, String value) {
        f.ledger.submit(who, ClusterFixture.epoch(epoch), ctx -> f.contract.submitResult(ctx, task, "tally", "1",
                TaskFixture.sha256(value), value));
    }

    private JsonNode report(TestIdentity who, String task) {
        return report(who, Map.of(), task);
    }

    private JsonNode report(TestIdentity who, Map<String, String> fields, String task) {
        return ClusterFixture.json(f.ledger.submit(who, fields, ctx -> cluster.reportConsensusError(ctx, task,
                "tally", "1")));
    }

    private JsonNode members() {
        return ClusterFixture.json(f.ledger.evaluate(f.user2, ctx -> cluster.getCluster(ctx, "Org1MSP")));
    }

    private boolean electable(String memberId) {
        for (JsonNode m : members().path("members")) {
            if (m.path("member").path("memberId").asText().equals(memberId)) {
                return m.path("member").path("electable").asBoolean();
            }
        }
        throw new AssertionError(memberId + " not enrolled");
    }

    @Test
    @DisplayName("S4.7 the chain checks the evidence: only a recorded disagreement with exactly one dissenter, "
            + "reported by another participant")
    void evidenceIsChecked() {
        String agreed = f.create(f.user2, "vote", "{}");
        f.submit(f.user2, agreed, "tally", 1, "sum:375");
        f.submit(f.user3, agreed, "tally", 1, "sum:375");
        submitFenced(c.a, 1, agreed, "sum:375");
        c.rejects(ErrorCode.INVALID_EVIDENCE, f.user2, ctx -> cluster.reportConsensusError(ctx, agreed, "tally", "1"));

        String split = f.create(f.user2, "vote", "{}");
        f.submit(f.user2, split, "tally", 1, "sum:1");
        f.submit(f.user3, split, "tally", 1, "sum:2");
        submitFenced(c.a, 1, split, "sum:3");
        c.rejects(ErrorCode.INVALID_EVIDENCE, f.user2, ctx -> cluster.reportConsensusError(ctx, split, "tally", "1"));

        String bad = org1Dissents(c.a, 1);
        c.rejects(ErrorCode.INVALID_EVIDENCE, f.user2, ctx -> cluster.reportConsensusError(ctx, bad, "tally", "2"));
        c.rejects(ErrorCode.BAD_REQUEST, f.user2, ctx -> cluster.reportConsensusError(ctx, bad, "tally", "x"));
        c.rejects(ErrorCode.NOT_FOUND, f.user2, ctx -> cluster.reportConsensusError(ctx, bad, "other", "1"));
        c.rejects(ErrorCode.FORBIDDEN, f.outsider, ctx -> cluster.reportConsensusError(ctx, bad, "tally", "1"));
        c.rejects(ErrorCode.FORBIDDEN, c.a, ctx -> cluster.reportConsensusError(ctx, bad, "tally", "1"));
        JsonNode reply = report(f.user2, bad);
        assertThat(reply.path("report").path("mspId").asText()).isEqualTo("Org1MSP");
        assertThat(reply.path("report").path("accusedMemberId").asText()).isEqualTo("a");
        assertThat(reply.path("count").asInt()).isEqualTo(1);
        assertThat(reply.path("forcedSwitch").asBoolean()).isFalse();
        JsonNode event = c.lastEvent();
        assertThat(event.path("kind").asText()).isEqualTo("CONSENSUS_ERROR");
        assertThat(event.path("report").path("reporterMsp").asText()).isEqualTo("Org2MSP");
    }

    @Test
    @DisplayName("S4.7 one report per reporter and evidence; every other participant reports once")
    void oneReportPerReporterAndEvidence() {
        String bad = org1Dissents(c.a, 1);
        assertThat(report(f.user2, bad).path("count").asInt()).isEqualTo(1);
        c.rejects(ErrorCode.ALREADY_EXISTS, f.user2, ctx -> cluster.reportConsensusError(ctx, bad, "tally", "1"));
        TestIdentity otherOrg2User = TestIdentity.client("Org2MSP", "User9");
        c.rejects(ErrorCode.ALREADY_EXISTS, otherOrg2User,
                ctx -> cluster.reportConsensusError(ctx, bad, "tally", "1"));
        assertThat(report(f.user3, bad).path("count").asInt()).isEqualTo(2);
        assertThat(members().path("errors").path("reports")).hasSize(2);
    }

    @Test
    @DisplayName("S4.7 at the threshold the chain forces a switch: master not electable, epoch moves, the deposed "
            + "master is fenced, the slave registers at the next epoch")
    void thresholdForcesSwitch() {
        String first = org1Dissents(c.a, 1);
        String second = org1Dissents(c.a, 1);
        report(f.user2, first);
        report(f.user3, first);
        JsonNode reply = report(f.user2, second);
        assertThat(reply.path("count").asInt()).isEqualTo(3);
        assertThat(reply.path("threshold").asInt()).isEqualTo(3);
        assertThat(reply.path("forcedSwitch").asBoolean()).isTrue();
        assertThat(reply.path("master").path("epoch").asLong()).isEqualTo(2);
        assertThat(reply.path("master").hasNonNull("memberId")).isFalse();
        JsonNode event = c.lastEvent();
        assertThat(event.path("kind").asText()).isEqualTo("FORCED_SWITCH");
        assertThat(event.path("previousMemberId").asText()).isEqualTo("a");
        assertThat(event.path("member").path("electable").asBoolean()).isFalse();
        assertThat(electable("a")).isFalse();
        assertThat(members().path("errors").path("reports")).isEmpty();

        String next = f.create(f.user2, "vote", "{}");
        f.submit(f.user2, next, "tally", 1, "sum:375");
        c.rejects(ErrorCode.NOT_MASTER, c.a, ctx -> f.contract.submitResult(ctx, next, "tally", "1",
                TaskFixture.sha256("sum:999"), "sum:999"));
        c.rejects(ErrorCode.FORBIDDEN, c.a, ctx -> cluster.register(ctx, "a"));
        c.rejects(ErrorCode.CONFLICT, c.b, ctx -> cluster.update(ctx, "b", "2"));
        JsonNode master = c.register(c.b, "b");
        assertThat(master.path("epoch").asLong()).isEqualTo(3);
        submitFenced(c.b, 3, next, "sum:375");
        f.submit(f.user3, next, "tally", 1, "sum:375");
        assertThat(f.status(next, "tally")).isEqualTo("COMPLETED");

        // A late report about what a signed counts against a, not against the new master b.
        JsonNode late = report(f.user3, second);
        assertThat(late.path("count").asInt()).isZero();
        assertThat(late.path("forcedSwitch").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("S4.7 only reports within the window (transaction time) count")
    void windowBoundsTheCount() {
        String first = org1Dissents(c.a, 1);
        report(f.user2, first);
        report(f.user3, first);
        f.ledger.advanceClock(Duration.ofSeconds(601));
        String second = org1Dissents(c.a, 1);
        JsonNode reply = report(f.user2, second);
        assertThat(reply.path("count").asInt()).isEqualTo(1);
        assertThat(reply.path("forcedSwitch").asBoolean()).isFalse();
        assertThat(members().path("master").path("master").path("memberId").asText()).isEqualTo("a");
    }

    @Test
    @DisplayName("S4.7 threshold and window are governed settings")
    void governedThreshold() {
        for (TestIdentity admin : new TestIdentity[] {f.admin1, f.admin2, f.admin3}) {
            f.ledger.submit(admin, ctx -> new GovContract().bootstrap(ctx,
                    "{\"consensusErrorThreshold\":1,\"consensusErrorWindowSeconds\":60}"));
        }
        String bad = org1Dissents(c.a, 1);
        JsonNode reply = report(f.user3, bad);
        assertThat(reply.path("threshold").asInt()).isEqualTo(1);
        assertThat(reply.path("windowSeconds").asLong()).isEqualTo(60);
        assertThat(reply.path("forcedSwitch").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("S4.7 a reporter with a cluster reports through its master at its epoch; an organisation without "
            + "a cluster cannot be reported")
    void reportsAreFencedAndNeedACluster() {
        String task = f.create(f.user2, "vote", "{}");
        submitFenced(c.a, 1, task, "sum:375");
        f.submit(f.user3, task, "tally", 1, "sum:375");
        f.submit(f.user2, task, "tally", 1, "sum:999");
        c.rejects(ErrorCode.NOT_MASTER, f.user1, ctx -> cluster.reportConsensusError(ctx, task, "tally", "1"));
        c.rejects(ErrorCode.STALE_EPOCH, c.a, ctx -> cluster.reportConsensusError(ctx, task, "tally", "1"));
        assertThatThrownBy(() -> report(c.a, ClusterFixture.epoch(1), task)).isInstanceOfSatisfying(
                WeftException.class, e -> assertThat(e.code()).as("past the fence").isEqualTo(ErrorCode.NOT_FOUND));
        String message = c.rejects(ErrorCode.NOT_FOUND, f.user3,
                ctx -> cluster.reportConsensusError(ctx, task, "tally", "1"));
        assertThat(message).contains("Org2MSP has no gateway cluster");
    }

    @Test
    @DisplayName("S4.7 the organisation's admin restores electability and clears the count; nobody else can")
    void adminRestores() {
        String first = org1Dissents(c.a, 1);
        String second = org1Dissents(c.a, 1);
        report(f.user2, first);
        report(f.user3, first);
        report(f.user2, second);
        assertThat(electable("a")).isFalse();
        c.rejects(ErrorCode.FORBIDDEN, c.a, ctx -> cluster.restore(ctx, "a"));
        c.rejects(ErrorCode.FORBIDDEN, f.user1, ctx -> cluster.restore(ctx, "a"));
        c.rejects(ErrorCode.NOT_FOUND, c.admin2, ctx -> cluster.restore(ctx, "a"));
        c.rejects(ErrorCode.NOT_FOUND, c.admin1, ctx -> cluster.restore(ctx, "zz"));
        JsonNode restored = ClusterFixture.json(f.ledger.submit(c.admin1, ctx -> cluster.restore(ctx, "a")));
        assertThat(restored.path("electable").asBoolean()).isTrue();
        assertThat(c.lastEvent().path("kind").asText()).isEqualTo("RESTORED");
        assertThat(electable("a")).isTrue();
        assertThat(c.register(c.a, "a").path("epoch").asLong()).isEqualTo(3);
    }

    @Test
    @DisplayName("S4.7 the organisation's admin can force a switch by hand; nobody else can")
    void adminSwitch() {
        c.rejects(ErrorCode.FORBIDDEN, c.a, ctx -> cluster.switchMaster(ctx));
        c.rejects(ErrorCode.FORBIDDEN, f.user1, ctx -> cluster.switchMaster(ctx));
        c.rejects(ErrorCode.NOT_FOUND, c.admin2, ctx -> cluster.switchMaster(ctx));
        JsonNode none = ClusterFixture.json(f.ledger.submit(c.admin1, ctx -> cluster.switchMaster(ctx)));
        assertThat(none.path("epoch").asLong()).isEqualTo(2);
        assertThat(none.hasNonNull("memberId")).isFalse();
        assertThat(c.lastEvent().path("kind").asText()).isEqualTo("SWITCHED");
        assertThat(electable("a")).isFalse();
        c.rejects(ErrorCode.CONFLICT, c.admin1, ctx -> cluster.switchMaster(ctx));
        assertThat(c.register(c.b, "b").path("epoch").asLong()).isEqualTo(3);
    }
}
