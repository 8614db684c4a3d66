package dev.weft.examples.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S2.9 a node-logic server endorses only the traffic classes the policy sends to its logic")
class NodeLogicTest {
    /** A policy in the shape route:Resolve answers: TEST to logic-2, everything else to logic-1. */
    private static final NodeLogic.Policy POLICY = (route, cls, key) -> {
        String resolved = cls.equals("TEST") ? "TEST" : cls.equals("AUTO") ? "PRODUCTION" : cls;
        String label = resolved.equals("TEST") ? "logic-2" : "logic-1";
        return "{\"route\":\"" + route + "\",\"trafficClass\":\"" + resolved + "\",\"target\":{\"label\":\""
                + label + "\"}}";
    };

    private static Map<String, byte[]> call(String route, String cls) {
        Map<String, byte[]> t = new HashMap<>();
        t.put(NodeLogic.ROUTE, route.getBytes(StandardCharsets.UTF_8));
        t.put(NodeLogic.CLASS, cls.getBytes(StandardCharsets.UTF_8));
        return t;
    }

    @Test
    @DisplayName("the new logic takes test calls and refuses production calls with MISROUTED")
    void newLogic() {
        NodeLogic logic2 = new NodeLogic("logic-2", POLICY);
        assertThat(logic2.check(call("r", "TEST"))).isEqualTo("TEST");
        assertThatThrownBy(() -> logic2.check(call("r", "PRODUCTION"))).isInstanceOf(ChaincodeException.class)
                .hasMessageStartingWith("MISROUTED: route r sends PRODUCTION traffic to logic logic-1; "
                        + "this node runs logic logic-2")
                .satisfies(e -> assertThat(new String(((ChaincodeException) e).getPayload(), StandardCharsets.UTF_8))
                        .isEqualTo("MISROUTED"));
    }

    @Test
    @DisplayName("the old logic takes production calls and refuses test calls")
    void oldLogic() {
        NodeLogic logic1 = new NodeLogic("logic-1", POLICY);
        assertThat(logic1.check(call("r", "PRODUCTION"))).isEqualTo("PRODUCTION");
        assertThat(logic1.check(call("r", ""))).as("no class: AUTO, resolved by the policy").isEqualTo("PRODUCTION");
        assertThatThrownBy(() -> logic1.check(call("r", "TEST"))).hasMessageStartingWith("MISROUTED:");
    }

    @Test
    @DisplayName("a call that names no route is refused by a node-logic server, and nothing is checked elsewhere")
    void routeRequired() {
        assertThatThrownBy(() -> new NodeLogic("logic-1", POLICY).check(Map.of()))
                .hasMessageContaining("must name its route");
        assertThat(new NodeLogic(null, POLICY).check(Map.of())).isNull();
        assertThat(new NodeLogic(" ", POLICY).label()).isNull();
    }
}
