package dev.weft.chaincode.route;

import static dev.weft.chaincode.route.RouteFixture.PRE_RELEASE;
import static dev.weft.chaincode.route.RouteFixture.ROLLBACK;
import static dev.weft.chaincode.route.RouteFixture.SWITCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.gov.Grant;
import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.ledger.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A grant performs the step that was voted, on the policy it was voted against, or nothing. */
class RouteGrantBindingTest {
    private final RouteFixture f = new RouteFixture();
    private final GovFixture g = f.gov;

    @Test
    @DisplayName("issue 9 item 7: a grant records the policy revision and version labels it was voted against")
    void grantRecordsTheBinding() {
        g.govern(PRE_RELEASE);
        String grant = g.pass(g.admin1, SWITCH);
        Grant issued = g.grant(grant);
        assertThat(issued.routeBinding()).isEqualTo(new Rollout.Binding(1, "PRE_RELEASE", "1", "2"));
        assertThat(g.proposal(grant).routeBinding()).isEqualTo(issued.routeBinding());
        g.execute(g.admin1, grant, SWITCH);
        assertThat(f.policy("asset").phase()).isEqualTo("SWITCHED");
    }

    @Test
    @DisplayName("issue 9 item 7: a SWITCH grant kept from a rolled-back rollout is void and cannot switch the route")
    void aGovernedRollbackVoidsOutstandingGrants() {
        g.govern(PRE_RELEASE);
        String keptSwitch = g.pass(g.admin1, SWITCH);
        g.govern(ROLLBACK);
        assertThat(g.grant(keptSwitch).status()).isEqualTo(Grant.VOID);
        g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, keptSwitch, SWITCH));
        // A new pre-release of the same versions does not revive it either.
        g.govern(PRE_RELEASE.replace("\"oldVersion\":{\"label\":\"1\",\"chaincode\":\"asset_v1\"},", ""));
        g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, keptSwitch, SWITCH));
        assertThat(f.policy("asset").phase()).isEqualTo("PRE_RELEASE");
    }

    @Test
    @DisplayName("issue 9 item 7: a grant is refused once the policy moved on (emergency rollback, another step)")
    void aGrantIsRefusedAfterThePolicyMovedOn() {
        String approving = PRE_RELEASE.replace("}}}", "},\"emergencyRollback\":{\"orgs\":[\"Org2MSP\"]}}}");
        g.govern(approving);
        String keptSwitch = g.pass(g.admin1, SWITCH);
        g.ledger.submit(g.admin2, ctx -> f.route.emergencyRollback(ctx, "asset", "errors"));
        g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, keptSwitch, SWITCH));
        assertThat(f.policy("asset").phase()).isEqualTo("ROLLED_BACK");

        g.govern(PRE_RELEASE.replace("\"oldVersion\":{\"label\":\"1\",\"chaincode\":\"asset_v1\"},", ""));
        String gray10 = RouteFixture.gray(1000, null);
        String stale = g.pass(g.admin1, gray10);
        g.govern(RouteFixture.gray(5000, null));
        g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, stale, gray10));
        assertThat(f.policy("asset").gray().weightBps()).isEqualTo(5000);
    }
}
