package dev.weft.chaincode.gov;

import static dev.weft.chaincode.gov.GovFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.task.Definition;
import dev.weft.chaincode.task.TaskRegistry;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GovGrantTest {
    static final String PRE_RELEASE = "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{"
            + "\"oldVersion\":{\"label\":\"1\",\"chaincode\":\"asset_v1\"},"
            + "\"newVersion\":{\"label\":\"2\",\"chaincode\":\"asset_v2\"}}}";
    static final String DEFINITION = "{\"id\":\"score\",\"subtasks\":[{\"name\":\"extract\","
            + "\"operation\":\"sql.query\",\"participants\":[\"Org1MSP\",\"Org2MSP\"]}]}";
    private final GovFixture f = GovFixture.bootstrapped();

    @Test
    @DisplayName("S2.5 a granted operation executes once, consumes the grant and emits the result")
    void executeConsumesTheGrant() {
        String grant = f.pass(f.admin1, PRE_RELEASE);
        String out = f.execute(f.admin1, grant, PRE_RELEASE);
        GovEvents.Executed executed = GovFixture.read(out, GovEvents.Executed.class);
        assertThat(executed.grant().status()).isEqualTo(Grant.USED);
        assertThat(executed.grant().usedTx()).isEqualTo(f.ledger.lastEvent().txId());
        assertThat(GovFixture.map(dev.weft.chaincode.ledger.Json.write(executed.result())))
                .containsEntry("phase", "PRE_RELEASE").containsEntry("name", "asset");
        assertThat(f.ledger.lastEvent().name()).isEqualTo(GovEvents.EXECUTED);
        assertThat(f.ledger.lastEvent().payload()).isEqualTo(out);
        assertThat(f.grant(grant).status()).isEqualTo(Grant.USED);
        f.assertRejected(ErrorCode.ALREADY_EXISTS, () -> f.execute(f.admin1, grant, PRE_RELEASE));
    }

    @Test
    @DisplayName("S2.5 execute without a grant, with another's grant, or for another operation is refused")
    void executeNeedsTheRightGrant() {
        f.assertRejected(ErrorCode.NOT_FOUND, () -> f.execute(f.admin1, "no-grant", PRE_RELEASE));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.execute(f.admin1, "", PRE_RELEASE));
        String grant = f.pass(f.admin1, PRE_RELEASE);
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.execute(f.admin2, grant, PRE_RELEASE));
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.execute(TestIdentity.client("Org1MSP", "User1"), grant,
                PRE_RELEASE));
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.execute(f.admin1, grant,
                PRE_RELEASE.replace("asset_v2", "asset_v3")));
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.execute(f.admin1, grant,
                "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}"));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.execute(f.admin1, grant, "{not json"));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.execute(f.admin1, grant, "{\"type\":\"NUKE\"}"));
        // the same operation written differently is the same operation
        String reordered = "{\"target\":\"asset\",\"params\":{\"newVersion\":{\"chaincode\":\"asset_v2\","
                + "\"label\":\"2\"},\"oldVersion\":{\"chaincode\":\"asset_v1\",\"label\":\"1\"},\"kind\":\"CHAINCODE\"},"
                + "\"type\":\"PRE_RELEASE\"}";
        f.execute(f.admin1, grant, reordered);
    }

    @Test
    @DisplayName("S2.5 an expired grant is refused and stays unused")
    void expiredGrant() {
        String grant = f.pass(f.admin1, PRE_RELEASE);
        f.ledger.advanceClock(Duration.ofDays(1));
        f.assertRejected(ErrorCode.EXPIRED, () -> f.execute(f.admin1, grant, PRE_RELEASE));
        assertThat(f.grant(grant).status()).isEqualTo(Grant.ACTIVE);
    }

    @Test
    @DisplayName("issue 9 item 8: a grant is refused from the peer's time window before its expiry, so a proposal "
            + "stamped up to 15 minutes back cannot use an expired grant")
    void grantExpiryAppliesTheTimeWindow() {
        String grant = f.pass(f.admin1, PRE_RELEASE);
        Grant issued = f.grant(grant);
        Duration validity = Duration.between(java.time.Instant.parse(issued.issuedAt()),
                java.time.Instant.parse(issued.expiresAt()));
        f.ledger.advanceClock(validity.minusMinutes(15));
        f.assertRejected(ErrorCode.EXPIRED, () -> f.execute(f.admin1, grant, PRE_RELEASE));
        f.ledger.advanceClock(Duration.ofSeconds(-1));
        f.execute(f.admin1, grant, PRE_RELEASE);
    }

    @Test
    @DisplayName("S2.5 an operation the current state refuses writes nothing and leaves the grant usable")
    void failedExecutionWritesNothing() {
        String sw = "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}";
        String grant = f.pass(f.admin1, sw);
        f.assertRejected(ErrorCode.NOT_FOUND, () -> f.execute(f.admin1, grant, sw));
        assertThat(f.grant(grant).status()).isEqualTo(Grant.ACTIVE);
        // Voted against a route that did not exist: once it does, the grant no longer fits (issue 9 item 7).
        f.govern(PRE_RELEASE);
        f.assertRejected(ErrorCode.CONFLICT, () -> f.execute(f.admin1, grant, sw));
    }

    @Test
    @DisplayName("S2.1 S2.5 UPDATE_GOVERNANCE changes the settings; open proposals keep their own rules")
    void updateGovernance() {
        Proposal open = f.propose(f.admin2, request("{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}"));
        String op = "{\"type\":\"UPDATE_GOVERNANCE\",\"target\":\"governance\",\"params\":{\"thresholdBps\":10000,"
                + "\"quorumBps\":10000,\"votingPeriodSeconds\":600}}";
        f.govern(op);
        GovernanceSettings s = GovFixture.read(f.settings(), GovernanceSettings.class);
        assertThat(s.thresholdBps()).isEqualTo(10_000);
        assertThat(s.votingPeriodSeconds()).isEqualTo(600);
        assertThat(s.revision()).isEqualTo(2);
        assertThat(s.proposalId()).isNotNull();
        assertThat(f.proposal(open.id()).thresholdBps()).isEqualTo(5001);
        Proposal next = f.propose(f.admin2, request("{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}"));
        assertThat(next.quorumVotes()).isEqualTo(3);
        f.vote(f.admin1, next.id(), "YES");
        f.vote(f.admin2, next.id(), "YES");
        f.vote(f.admin3, next.id(), "NO");
        assertThat(f.tally(next.id()).proposal().status()).isEqualTo("REJECTED");
    }

    @Test
    @DisplayName("S2.5 SET_MEMBERS changes the member list, but never drops a governance voter")
    void setMembers() {
        f.govern("{\"type\":\"SET_MEMBERS\",\"target\":\"members\",\"params\":{\"mspIds\":[\"Org4MSP\",\"Org1MSP\","
                + "\"Org2MSP\",\"Org3MSP\"]}}");
        assertThat(f.ledger.<Object>evaluate(f.admin1, ctx -> Members.of(Ledger.of(ctx))).toString())
                .isEqualTo("[Org1MSP, Org2MSP, Org3MSP, Org4MSP]");
        String drop = "{\"type\":\"SET_MEMBERS\",\"target\":\"members\",\"params\":{\"mspIds\":[\"Org1MSP\","
                + "\"Org2MSP\"]}}";
        String grant = f.pass(f.admin1, drop);
        f.assertRejected(ErrorCode.CONFLICT, () -> f.execute(f.admin1, grant, drop));
    }

    @Test
    @DisplayName("S2.5 REGISTER_TASK_DEFINITION registers through the task registry with the grantee as owner")
    void registerTaskDefinition() {
        String op = "{\"type\":\"REGISTER_TASK_DEFINITION\",\"target\":\"score\",\"params\":" + DEFINITION + "}";
        String grant = f.pass(f.admin2, op);
        String out = f.execute(f.admin2, grant, op);
        assertThat(out).contains("\"ownerMsp\":\"Org2MSP\"");
        Optional<Definition> d = f.ledger.evaluate(f.admin1, ctx -> TaskRegistry.find(Ledger.of(ctx), "score"));
        assertThat(d).isPresent();
        assertThat(d.get().registeredBy()).isEqualTo(f.qualifiedId(f.admin2));

        String invalid = op.replace("\"score\"", "\"bad\"").replace("Org2MSP", "Org9MSP");
        String grant2 = f.pass(f.admin2, invalid);
        f.assertRejected(ErrorCode.INVALID_DEFINITION, () -> f.execute(f.admin2, grant2, invalid));
    }
}
