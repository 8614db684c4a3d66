package dev.weft.examples.asset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Node-logic upgrade (S2.9), enforced where the logic runs: a server started with
 * {@code NODE_LOGIC=<label>} knows which logic it is, and endorses a write only when
 * the node-routing policy sends the call's traffic class to that logic. The call
 * names its route, class and routing key in transient fields ({@code weft.route},
 * {@code weft.class}, {@code weft.key}); the class is resolved by Weft's own
 * resolver ({@code route:Resolve} of the {@code weft} chaincode, same caller, same
 * buckets), so a misrouted call fails with {@code MISROUTED} instead of silently
 * running the wrong code. Without {@code NODE_LOGIC} nothing is checked.
 */
final class NodeLogic {
    static final String ROUTE = "weft.route";
    static final String CLASS = "weft.class";
    static final String KEY = "weft.key";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Asks the routing policy where a call goes: the {@code route:Resolve} answer as JSON. */
    @FunctionalInterface
    interface Policy {
        String resolve(String route, String trafficClass, String routingKey);
    }

    private final String label;
    private final Policy policy;

    NodeLogic(String label, Policy policy) {
        this.label = label == null || label.isBlank() ? null : label.trim();
        this.policy = policy;
    }

    /** The logic of this server process, asking the {@code weft} chaincode ({@code WEFT_CHAINCODE}) on the channel. */
    static NodeLogic of(Context ctx) {
        ChaincodeStub stub = ctx.getStub();
        String weft = System.getenv().getOrDefault("WEFT_CHAINCODE", "weft");
        return new NodeLogic(System.getenv("NODE_LOGIC"), (route, cls, key) -> {
            Chaincode.Response r = stub.invokeChaincodeWithStringArgs(weft,
                    List.of("route:Resolve", route, cls, key), stub.getChannelId());
            if (r.getStatus() != Chaincode.Response.Status.SUCCESS) {
                throw error("MISROUTED", "the routing policy cannot place this call: " + r.getMessage());
            }
            return r.getStringPayload();
        });
    }

    /** The label this server runs, or null when it is not part of a node-logic deployment. */
    String label() {
        return label;
    }

    /** Refuses (MISROUTED) a call the policy sends to another logic; returns the resolved class, or null unchecked. */
    String check(Map<String, byte[]> transients) {
        if (label == null) {
            return null;
        }
        String route = text(transients, ROUTE);
        if (route.isEmpty()) {
            throw error("MISROUTED", "this node runs logic " + label + " of a node-logic upgrade; a call must name "
                    + "its route and traffic class (transient " + ROUTE + ", " + CLASS + ")");
        }
        String requested = text(transients, CLASS);
        JsonNode resolved;
        try {
            resolved = JSON.readTree(policy.resolve(route, requested.isEmpty() ? "AUTO" : requested,
                    text(transients, KEY)));
        } catch (IOException e) {
            throw error("MISROUTED", "unreadable answer of the routing policy for route " + route);
        }
        String target = resolved.path("target").path("label").asText();
        String cls = resolved.path("trafficClass").asText();
        if (!target.equals(label)) {
            throw error("MISROUTED", "route " + route + " sends " + cls + " traffic to logic " + target
                    + "; this node runs logic " + label);
        }
        return cls;
    }

    private static String text(Map<String, byte[]> transients, String key) {
        byte[] value = transients == null ? null : transients.get(key);
        return value == null ? "" : new String(value, StandardCharsets.UTF_8).trim();
    }

    static ChaincodeException error(String code, String message) {
        return new ChaincodeException(code + ": " + message, code.getBytes(StandardCharsets.UTF_8));
    }
}
