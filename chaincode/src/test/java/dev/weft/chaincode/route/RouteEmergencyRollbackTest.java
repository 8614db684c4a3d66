package dev.weft.chaincode.route;

import static dev.weft.chaincode.route.RouteFixture.FINALIZE;
import static dev.weft.chaincode.route.RouteFixture.PRE_RELEASE;
import static dev.weft.chaincode.route.RouteFixture.SWITCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RouteEmergencyRollbackTest {
    private final RouteFixture f = new RouteFixture();
    private final GovFixture g = f.gov;

    private static String preReleaseApproving(String principals) {
        return PRE_RELEASE.replace("}}}", "},\"emergencyRollback\":" + principals + "}}");
    }

    private String rollback(TestIdentity who, String reason) {
        return g.ledger.submit(who, ctx -> f.route.emergencyRollback(ctx, "asset", reason));
    }

    @Test
    @DisplayName("S2.8 a pre-approved emergency rollback is triggered at once by a listed organisation, without a vote")
    void listedOrganisationRollsBackAtOnce() {
        String op = preReleaseApproving("{\"orgs\":[\"Org2MSP\",\"Org3MSP\"]}");
        String grant = g.pass(g.admin1, op);
        g.execute(g.admin1, grant, op);
        g.govern(RouteFixture.gray(1000, null));
        RoutePolicy gray = f.policy("asset");
        assertThat(gray.emergencyRollback().orgs()).containsExactly("Org2MSP", "Org3MSP");
        assertThat(gray.emergencyApprovedBy()).isEqualTo(grant);

        g.assertRejected(ErrorCode.FORBIDDEN, () -> rollback(g.admin1, "not listed"));
        g.assertRejected(ErrorCode.FORBIDDEN, () -> rollback(TestIdentity.client("Org2MSP", "User1"), "not admin"));
        g.assertRejected(ErrorCode.TOO_LARGE, () -> rollback(g.admin2, "x".repeat(300)));

        String out = rollback(g.admin2, "error rate 12%");
        Rollout.EmergencyRolledBack e = GovFixture.read(out, Rollout.EmergencyRolledBack.class);
        assertThat(e.policy().phase()).isEqualTo("ROLLED_BACK");
        assertThat(e.by()).isEqualTo(g.qualifiedId(g.admin2));
        assertThat(g.ledger.lastEvent().name()).isEqualTo(Rollout.EMERGENCY_EVENT);
        assertThat(g.ledger.lastEvent().payload()).isEqualTo(out);
        RoutePolicy back = f.policy("asset");
        assertThat(back.classes()).isEqualTo(new ClassTargets("OLD", "OLD", "OLD"));
        assertThat(back.emergencyRollback()).isNull();
        RouteChange last = f.history("asset")[2];
        assertThat(last.operation()).isEqualTo("EMERGENCY_ROLLBACK");
        assertThat(last.proposalId()).isEqualTo(grant);
        assertThat(last.reason()).isEqualTo("error rate 12%");

        g.assertRejected(ErrorCode.FORBIDDEN, () -> rollback(g.admin3, "again"));
    }

    @Test
    @DisplayName("S2.8 a listed identity may trigger it; a later operation's pre-approval replaces the standing one")
    void listedIdentityAndReplacement() {
        TestIdentity oncall = TestIdentity.client("Org1MSP", "OnCall");
        String op = preReleaseApproving("{\"identities\":[\"" + g.qualifiedId(oncall) + "\"]}");
        g.execute(g.admin1, g.pass(g.admin1, op), op);
        String sw = "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{\"emergencyRollback\":{\"orgs\":[\"Org3MSP\"]}}}";
        g.govern(sw);
        g.assertRejected(ErrorCode.FORBIDDEN, () -> rollback(oncall, "replaced"));
        rollback(g.admin3, "switch went wrong");
        assertThat(f.policy("asset").phase()).isEqualTo("ROLLED_BACK");
    }

    @Test
    @DisplayName("S2.8 without a pre-approval, or after the rollout ended, an emergency rollback is FORBIDDEN")
    void noPreApproval() {
        g.assertRejected(ErrorCode.NOT_FOUND, () -> rollback(g.admin2, "no route"));
        g.govern(PRE_RELEASE);
        g.assertRejected(ErrorCode.FORBIDDEN, () -> rollback(g.admin2, "not approved"));

        RouteFixture h = new RouteFixture();
        String op = preReleaseApproving("{\"orgs\":[\"Org2MSP\"]}");
        h.gov.govern(op);
        h.gov.govern(SWITCH);
        h.gov.govern(FINALIZE);
        assertThat(h.policy("asset").emergencyRollback()).isNull();
        h.gov.assertRejected(ErrorCode.FORBIDDEN,
                () -> h.gov.ledger.submit(h.gov.admin2, ctx -> h.route.emergencyRollback(ctx, "asset", "late")));
    }
}
