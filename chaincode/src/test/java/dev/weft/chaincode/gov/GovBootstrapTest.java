package dev.weft.chaincode.gov;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GovBootstrapTest {

    @Test
    @DisplayName("S2.1 bootstrap writes the defaults once: every member votes, more than half, one day")
    void bootstrapWritesDefaultsOnce() {
        GovFixture f = GovFixture.membersOnly();
        assertThat(f.governsTaskDefinitions()).isFalse();
        String out = f.ledger.submit(f.admin2, ctx -> f.gov.bootstrap(ctx, "{}"));
        GovernanceSettings s = GovFixture.read(out, GovernanceSettings.class);
        assertThat(s.voters().orgs()).containsExactly("Org1MSP", "Org2MSP", "Org3MSP");
        assertThat(s.thresholdBps()).isEqualTo(5001);
        assertThat(s.quorumBps()).isEqualTo(5001);
        assertThat(s.votingPeriodSeconds()).isEqualTo(86_400);
        assertThat(s.minVoters()).isEqualTo(3);
        assertThat(s.revision()).isEqualTo(1);
        assertThat(f.ledger.lastEvent().name()).isEqualTo(GovEvents.BOOTSTRAPPED);
        assertThat(f.ledger.lastEvent().payload()).isEqualTo(out);
        assertThat(f.settings()).isEqualTo(out);
        assertThat(f.governsTaskDefinitions()).isFalse();
        f.assertRejected(ErrorCode.ALREADY_EXISTS, () -> f.ledger.submit(f.admin1, ctx -> f.gov.bootstrap(ctx, "{}")));
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
    @DisplayName("S2.1 bootstrap accepts named identities as voters for an organisation")
    void namedIdentitiesMayStandForAnOrganisation() {
        GovFixture f = GovFixture.membersOnly();
        String release = f.qualifiedId(TestIdentity.client("Org3MSP", "Release"));
        String json = "{\"voters\":{\"orgs\":[\"Org2MSP\",\"Org1MSP\"],\"identities\":[\"" + release + "\"]},"
                + "\"thresholdBps\":6666,\"quorumBps\":10000,\"votingPeriodSeconds\":3600,\"grantValiditySeconds\":3600}";
        GovernanceSettings s = GovFixture.read(f.ledger.submit(f.admin1, ctx -> f.gov.bootstrap(ctx, json)),
                GovernanceSettings.class);
        assertThat(s.voters().orgs()).containsExactly("Org1MSP", "Org2MSP");
        assertThat(s.voters().identities()).containsExactly(release);
        assertThat(s.thresholdBps()).isEqualTo(6666);
        assertThat(s.grantValiditySeconds()).isEqualTo(3600);
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
