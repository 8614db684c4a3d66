package dev.weft.chaincode.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RouteNodePolicyTest {
    static final String NODE_PRE_RELEASE = "{\"type\":\"PRE_RELEASE\",\"target\":\"peer-logic\",\"params\":{"
            + "\"kind\":\"NODE\",\"oldVersion\":{\"label\":\"logic-1\",\"orgs\":[\"Org3MSP\",\"Org1MSP\"]},"
            + "\"newVersion\":{\"label\":\"logic-2\",\"orgs\":[\"Org2MSP\"],\"peers\":[\"peer0.org2.example.com\"]}}}";
    private final RouteFixture f = new RouteFixture();
    private final GovFixture g = f.gov;
    private final TestIdentity user = TestIdentity.client("Org1MSP", "User1");

    private NodeRouting node(String name) {
        return GovFixture.read(g.ledger.evaluate(user, ctx -> f.route.nodePolicy(ctx, name)), NodeRouting.class);
    }

    @Test
    @DisplayName("S2.9 node-logic routing: which organisations' peers serve each class, switched per phase")
    void nodeLogicPerPhase() {
        g.govern(NODE_PRE_RELEASE);
        NodeRouting pre = node("peer-logic");
        assertThat(pre.phase()).isEqualTo("PRE_RELEASE");
        assertThat(pre.test().orgs()).containsExactly("Org2MSP");
        assertThat(pre.test().peers()).containsExactly("peer0.org2.example.com");
        assertThat(pre.gray().orgs()).containsExactly("Org1MSP", "Org3MSP");
        assertThat(pre.production().label()).isEqualTo("logic-1");

        g.govern("{\"type\":\"GRAY\",\"target\":\"peer-logic\",\"params\":{\"weightBps\":1000}}");
        NodeRouting gray = node("peer-logic");
        assertThat(gray.gray().label()).isEqualTo("logic-2");
        assertThat(gray.production().label()).isEqualTo("logic-1");
        assertThat(gray.grayRule().weightBps()).isEqualTo(1000);
        Resolver.Resolution r = f.resolve(user, "peer-logic", "", "tx-key");
        assertThat(r.kind()).isEqualTo("NODE");
        boolean isGray = Resolver.bucket("peer-logic", "tx-key") < 1000;
        assertThat(r.target().orgs()).isEqualTo(isGray ? List.of("Org2MSP") : List.of("Org1MSP", "Org3MSP"));

        g.govern("{\"type\":\"SWITCH\",\"target\":\"peer-logic\",\"params\":{}}");
        assertThat(node("peer-logic").production().orgs()).containsExactly("Org2MSP");
    }

    @Test
    @DisplayName("S2.9 NodePolicy lists node routes only; chaincode routes and calls through node routes are refused")
    void nodeAndChaincodeRoutesStayApart() {
        g.govern(NODE_PRE_RELEASE);
        g.govern(RouteFixture.PRE_RELEASE);
        NodeRouting[] all = GovFixture.read(g.ledger.evaluate(user, ctx -> f.route.nodePolicy(ctx, "")),
                NodeRouting[].class);
        assertThat(all).extracting(NodeRouting::route).containsExactly("peer-logic");
        g.assertRejected(ErrorCode.CONFLICT, () -> node("asset"));
        g.assertRejected(ErrorCode.CONFLICT, () -> g.ledger.submit(user,
                ctx -> f.route.invoke(ctx, "peer-logic", "", "k", "Anything", "[]")));
    }

    @Test
    @DisplayName("S2.9 node versions must name member organisations and no chaincode")
    void nodeVersionsAreChecked() {
        for (String bad : new String[] {
                NODE_PRE_RELEASE.replace("\"Org2MSP\"]", "\"Org9MSP\"]"),
                NODE_PRE_RELEASE.replace("\"orgs\":[\"Org2MSP\"],", ""),
                NODE_PRE_RELEASE.replace("\"orgs\":[\"Org2MSP\"],", "\"chaincode\":\"x\",\"orgs\":[\"Org2MSP\"],"),
                NODE_PRE_RELEASE.replace("peer0.org2.example.com", "peer 0")}) {
            g.assertRejected(ErrorCode.BAD_REQUEST, () -> g.propose(g.admin1, GovFixture.request(bad)));
        }
    }
}
