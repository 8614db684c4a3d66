package dev.weft.chaincode.gov;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GovBootstrapTest {

    private static Bootstrap.Status status(String json) {
        return GovFixture.read(json, Bootstrap.Status.class);
    }

    @Test
    @DisplayName("S2.1 issue 9 item 6: bootstrap writes the defaults once every member organisation's admin "
            + "confirmed them: every member votes, more than half, one day")
    void bootstrapWritesDefaultsOnce() {
        GovFixture f = GovFixture.membersOnly();
        assertThat(f.governsTaskDefinitions()).isFalse();
        Bootstrap.Status first = status(f.ledger.submit(f.admin2, ctx -> f.gov.bootstrap(ctx, "{}")));
        assertThat(first.active()).isFalse();
        assertThat(first.confirmedBy()).containsExactly("Org2MSP");
        assertThat(first.waitingFor()).containsExactly("Org1MSP", "Org3MSP");
        f.assertRejected(ErrorCode.NOT_INITIALISED, () -> f.ledger.submit(f.admin1, ctx -> f.gov.getSettings(ctx)));
        f.ledger.submit(f.admin1, ctx -> f.gov.bootstrap(ctx, "{}"));
        Bootstrap.Status done = status(f.ledger.submit(f.admin3, ctx -> f.gov.bootstrap(ctx, "{}")));
        assertThat(done.active()).isTrue();
        assertThat(done.digest()).isEqualTo(first.digest());
        GovernanceSettings s = done.settings();
        assertThat(s.voters().orgs()).containsExactly("Org1MSP", "Org2MSP", "Org3MSP");
        assertThat(s.thresholdBps()).isEqualTo(5001);
        assertThat(s.quorumBps()).isEqualTo(5001);
        assertThat(s.votingPeriodSeconds()).isEqualTo(86_400);
        assertThat(s.minVoters()).isEqualTo(3);
        assertThat(s.revision()).isEqualTo(1);
        assertThat(f.ledger.lastEvent().name()).isEqualTo(GovEvents.BOOTSTRAPPED);
        assertThat(f.ledger.lastEvent().payload()).isEqualTo(f.settings());
        assertThat(GovFixture.read(f.settings(), GovernanceSettings.class)).isEqualTo(s);
        assertThat(f.governsTaskDefinitions()).isFalse();
        f.assertRejected(ErrorCode.ALREADY_EXISTS, () -> f.ledger.submit(f.admin1, ctx -> f.gov.bootstrap(ctx, "{}")));
    }

    @Test
    @DisplayName("issue 9 item 6: one organisation cannot capture governance at bootstrap: settings another "
            + "organisation did not confirm never take effect")
    void oneOrganisationCannotCaptureGovernance() {
        GovFixture f = GovFixture.membersOnly();
        String captured = "{\"voters\":{\"orgs\":[\"Org1MSP\"],\"identities\":[\"Org2MSP/x509::made-up\","
                + "\"Org3MSP/x509::made-up\"]},\"minVoters\":2}";
        assertThat(status(f.ledger.submit(f.admin1, ctx -> f.gov.bootstrap(ctx, captured))).active()).isFalse();
        assertThat(status(f.ledger.submit(f.admin2, ctx -> f.gov.bootstrap(ctx, "{}"))).active()).isFalse();
        assertThat(status(f.ledger.submit(f.admin3, ctx -> f.gov.bootstrap(ctx, "{}"))).active()).isFalse();
        f.assertRejected(ErrorCode.NOT_INITIALISED, () -> f.propose(f.admin1, GovFixture.request(
                "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}")));
        assertThat(status(f.ledger.submit(f.admin1, ctx -> f.gov.bootstrap(ctx, "{}"))).active()).isTrue();
    }

    @Test
    @DisplayName("issue 9 item 6: threshold and quorum stay above half and voters speak for a majority of organisations")
    void minimumsNoSettingsCanLower() {
        GovFixture f = GovFixture.membersOnly();
        for (String weak : List.of("{\"thresholdBps\":5000}", "{\"quorumBps\":5000}", "{\"quorumBps\":0}",
                "{\"minVoters\":1}")) {
            f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.ledger.submit(f.admin1, ctx -> f.gov.bootstrap(ctx, weak)));
        }
        GovFixture g = GovFixture.bootstrapped("{\"minVoters\":2}");
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> g.propose(g.admin1, "{\"operation\":{\"type\":\"SWITCH\","
                + "\"target\":\"asset\",\"params\":{}},\"voters\":{\"orgs\":[\"Org1MSP\"]}}"));
        String narrowGov = "{\"type\":\"UPDATE_GOVERNANCE\",\"target\":\"governance\",\"params\":"
                + "{\"voters\":{\"orgs\":[\"Org1MSP\"]}}}";
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> g.propose(g.admin1, GovFixture.request(narrowGov)));
    }

    @Test
    @DisplayName("issue 9 item 6: a named voter must have signed once or be confirmed by its organisation's admin")
    void namedVotersMustBeRealIdentities() {
        GovFixture f = GovFixture.bootstrapped();
        TestIdentity user3 = TestIdentity.client("Org3MSP", "User3");
        String id = f.qualifiedId(user3);
        String addVoter = "{\"type\":\"UPDATE_GOVERNANCE\",\"target\":\"governance\",\"params\":"
                + "{\"voters\":{\"orgs\":[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"],\"identities\":[\"" + id + "\"]}}}";
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.propose(f.admin1, GovFixture.request(addVoter)));
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.ledger.submit(f.admin1, ctx -> f.gov.confirmIdentity(ctx, id)));
        f.ledger.submit(user3, ctx -> f.gov.confirmIdentity(ctx, ""));
        f.assertRejected(ErrorCode.ALREADY_EXISTS, () -> f.ledger.submit(f.admin3, ctx -> f.gov.confirmIdentity(ctx, id)));
        f.govern(addVoter);
        assertThat(GovFixture.read(f.settings(), GovernanceSettings.class).voters().identities()).containsExactly(id);

        String other = f.qualifiedId(TestIdentity.client("Org2MSP", "User9"));
        f.ledger.submit(f.admin2, ctx -> f.gov.confirmIdentity(ctx, other));
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.ledger.submit(f.admin2,
                ctx -> f.gov.confirmIdentity(ctx, "Org9MSP/x509::x")));
    }

    @Test
    @DisplayName("S2.4 S2.5 with governTaskDefinitions a task definition is registered only through a granted operation")
    void governedTaskDefinitionsNeedAGrant() {
        GovFixture f = GovFixture.bootstrapped("{\"governTaskDefinitions\":true}");
        assertThat(f.governsTaskDefinitions()).isTrue();
        var task = new dev.weft.chaincode.task.TaskContract();
        String def = "{\"id\":\"d1\",\"subtasks\":[{\"name\":\"a\",\"operation\":\"sum\","
                + "\"participants\":[\"Org1MSP\"]}]}";
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.ledger.submit(f.admin1, ctx -> task.registerDefinition(ctx, def)));
    }

    @Test
    @DisplayName("S2.1 bootstrap accepts named identities as voters for an organisation, confirmed by its admin's "
            + "confirmation of the settings")
    void namedIdentitiesMayStandForAnOrganisation() {
        GovFixture f = GovFixture.membersOnly();
        String release = f.qualifiedId(TestIdentity.client("Org3MSP", "Release"));
        String json = "{\"voters\":{\"orgs\":[\"Org2MSP\",\"Org1MSP\"],\"identities\":[\"" + release + "\"]},"
                + "\"thresholdBps\":6666,\"quorumBps\":10000,\"votingPeriodSeconds\":3600,\"grantValiditySeconds\":3600}";
        GovernanceSettings s = status(f.bootstrapAll(json)).settings();
        assertThat(s.voters().orgs()).containsExactly("Org1MSP", "Org2MSP");
        assertThat(s.voters().identities()).containsExactly(release);
        assertThat(s.thresholdBps()).isEqualTo(6666);
        assertThat(s.grantValiditySeconds()).isEqualTo(3600);
        f.assertRejected(ErrorCode.ALREADY_EXISTS, () -> f.ledger.submit(f.admin3,
                ctx -> f.gov.confirmIdentity(ctx, release)));
    }

    @Test
    @DisplayName("S2.1 bootstrap is refused to non-admins, non-members and settings that leave a member out")
    void bootstrapRefusals() {
        GovFixture f = GovFixture.membersOnly();
        f.assertRejected(ErrorCode.FORBIDDEN,
                () -> f.ledger.submit(TestIdentity.client("Org1MSP", "User1"), ctx -> f.gov.bootstrap(ctx, "{}")));
        f.assertRejected(ErrorCode.FORBIDDEN,
                () -> f.ledger.submit(TestIdentity.admin("EvilMSP"), ctx -> f.gov.bootstrap(ctx, "{}")));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.ledger.submit(f.admin1,
                ctx -> f.gov.bootstrap(ctx, "{\"voters\":{\"orgs\":[\"Org1MSP\"]}}")));
        f.assertRejected(ErrorCode.NOT_INITIALISED, () -> f.ledger.submit(f.admin1, ctx -> f.gov.getSettings(ctx)));
    }

    @Test
    @DisplayName("S2.1 malformed settings are BAD_REQUEST and write nothing")
    void malformedSettings() {
        GovFixture f = GovFixture.membersOnly();
        for (String bad : List.of("", "{not json", "{\"thresholdBps\":0}", "{\"thresholdBps\":10001}",
                "{\"quorumBps\":-1}", "{\"votingPeriodSeconds\":1}", "{\"grantValiditySeconds\":0}", "{\"grantValiditySeconds\":900}",
                "{\"minVoters\":4}", "{\"voters\":{\"orgs\":[\"Org9MSP\",\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"]}}",
                "{\"voters\":{\"orgs\":[],\"identities\":[]}}", "{\"voters\":{\"identities\":[\"nobody\"]}}",
                "{\"surprise\":1}")) {
            f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.ledger.submit(f.admin1, ctx -> f.gov.bootstrap(ctx, bad)));
        }
        assertThat(f.governsTaskDefinitions()).isFalse();
    }
}
