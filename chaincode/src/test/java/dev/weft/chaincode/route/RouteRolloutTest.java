package dev.weft.chaincode.route;

import static dev.weft.chaincode.route.RouteFixture.FINALIZE;
import static dev.weft.chaincode.route.RouteFixture.PRE_RELEASE;
import static dev.weft.chaincode.route.RouteFixture.ROLLBACK;
import static dev.weft.chaincode.route.RouteFixture.SWITCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RouteRolloutTest {
    private final RouteFixture f = new RouteFixture();
    private final GovFixture g = f.gov;
    private final TestIdentity org2User = TestIdentity.client("Org2MSP", "User1");
    private final TestIdentity org3User = TestIdentity.client("Org3MSP", "User1");

    @Test
    @DisplayName("S2.7 S2.8 pre-release, gray, switch and finalize, each a governed operation")
    void fullRollout() {
        g.govern(PRE_RELEASE);
        RoutePolicy pre = f.policy("asset");
        assertThat(pre.phase()).isEqualTo("PRE_RELEASE");
        assertThat(pre.classes()).isEqualTo(new ClassTargets("NEW", "OLD", "OLD"));
        assertThat(f.resolve(org3User, "asset", "TEST", "k").target().chaincode()).isEqualTo("asset_v2");
        assertThat(f.resolve(org3User, "asset", "", "k").target().chaincode()).isEqualTo("asset_v1");

        g.govern(RouteFixture.gray(2500, "{\"orgs\":[\"Org2MSP\"]}"));
        RoutePolicy gray = f.policy("asset");
        assertThat(gray.phase()).isEqualTo("GRAY");
        assertThat(gray.gray().weightBps()).isEqualTo(2500);
        assertThat(gray.gray().cohort().orgs()).containsExactly("Org2MSP");
        int toNew = 0;
        for (int i = 0; i < 200; i++) {
            assertThat(f.resolve(org2User, "asset", "", "k" + i).version()).isEqualTo("NEW");
            Resolver.Resolution r = f.resolve(org3User, "asset", "", "k" + i);
            assertThat(r.version()).isEqualTo(Resolver.bucket("asset", "k" + i) < 2500 ? "NEW" : "OLD");
            toNew += r.version().equals("NEW") ? 1 : 0;
        }
        assertThat(toNew).isBetween(20, 80);

        g.govern(SWITCH);
        assertThat(f.policy("asset").classes()).isEqualTo(new ClassTargets("NEW", "NEW", "NEW"));
        assertThat(f.resolve(org3User, "asset", "", "k1").target().chaincode()).isEqualTo("asset_v2");

        g.govern(FINALIZE);
        RoutePolicy done = f.policy("asset");
        assertThat(done.phase()).isEqualTo("STABLE");
        assertThat(done.oldVersion().chaincode()).isEqualTo("asset_v2");
        assertThat(done.newVersion()).isNull();
        assertThat(done.revision()).isEqualTo(4);
        assertThat(f.resolve(org3User, "asset", "TEST", "k1").target().chaincode()).isEqualTo("asset_v2");

        RouteChange[] history = f.history("asset");
        assertThat(List.of(history)).extracting(RouteChange::operation)
                .containsExactly("PRE_RELEASE", "GRAY", "SWITCH", "FINALIZE");
        assertThat(List.of(history)).allSatisfy(c -> assertThat(c.proposalId()).isNotBlank());
        assertThat(history[0].by()).isEqualTo(g.qualifiedId(g.admin1));
    }

    @Test
    @DisplayName("S2.8 rollback sends every class back to the old version and a new pre-release may follow")
    void rollback() {
        g.govern(PRE_RELEASE);
        g.govern(RouteFixture.gray(5000, null));
        g.govern(ROLLBACK);
        RoutePolicy back = f.policy("asset");
        assertThat(back.phase()).isEqualTo("ROLLED_BACK");
        assertThat(back.classes()).isEqualTo(new ClassTargets("OLD", "OLD", "OLD"));
        assertThat(back.newVersion()).isNull();
        assertThat(back.rolledBack().chaincode()).isEqualTo("asset_v2");
        assertThat(back.gray()).isNull();
        assertThat(f.history("asset")[2].reason()).isEqualTo("errors");
        String v3 = "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{\"newVersion\":{\"label\":\"3\","
                + "\"chaincode\":\"asset_v3\"}}}";
        g.govern(v3);
        assertThat(f.policy("asset").newVersion().chaincode()).isEqualTo("asset_v3");
        assertThat(f.policy("asset").oldVersion().chaincode()).isEqualTo("asset_v1");
    }

    @Test
    @DisplayName("S2.8 a phase change the current phase does not allow is CONFLICT; nothing changes")
    void illegalTransitions() {
        String grayGrant = g.pass(g.admin1, RouteFixture.gray(100, null));
        g.assertRejected(ErrorCode.NOT_FOUND, () -> g.execute(g.admin1, grayGrant, RouteFixture.gray(100, null)));
        String noOld = "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{\"newVersion\":{\"label\":\"2\","
                + "\"chaincode\":\"asset_v2\"}}}";
        String noOldGrant = g.pass(g.admin1, noOld);
        g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, noOldGrant, noOld));

        g.govern(PRE_RELEASE);
        for (String op : List.of(PRE_RELEASE, FINALIZE, noOld)) {
            String grant = g.pass(g.admin1, op);
            g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, grant, op));
        }
        String node = "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{\"kind\":\"NODE\","
                + "\"newVersion\":{\"label\":\"n2\",\"orgs\":[\"Org2MSP\"]}}}";
        g.govern(SWITCH);
        g.govern(FINALIZE);
        String nodeGrant = g.pass(g.admin1, node);
        g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, nodeGrant, node));
        String same = "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{\"newVersion\":{\"label\":\"9\","
                + "\"chaincode\":\"asset_v2\"}}}";
        String sameGrant = g.pass(g.admin1, same);
        g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, sameGrant, same));
        String rollbackGrant = g.pass(g.admin1, ROLLBACK);
        g.assertRejected(ErrorCode.CONFLICT, () -> g.execute(g.admin1, rollbackGrant, ROLLBACK));
    }

    @Test
    @DisplayName("S2.7 routing queries: unknown routes are NOT_FOUND, bad names BAD_REQUEST; all policies listed")
    void queries() {
        g.assertRejected(ErrorCode.NOT_FOUND, () -> f.policy("asset"));
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> f.policy("no such/name"));
        g.assertRejected(ErrorCode.NOT_FOUND, () -> f.resolve(org3User, "asset", "", "k"));
        g.govern(PRE_RELEASE);
        String all = g.ledger.evaluate(org3User, ctx -> f.route.listPolicies(ctx));
        assertThat(GovFixture.read(all, RoutePolicy[].class)).containsExactly(f.policy("asset"));
    }
}
