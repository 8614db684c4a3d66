package dev.weft.gateway.engine.modules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.EngineJson;
import java.nio.charset.StandardCharsets;

/**
 * The request a conversion module hands a heterogeneous engine, as JSON (S1.6,
 * S1.8): everything the subtask depends on, so the engine never needs the chain.
 *
 * <pre>
 * {"attempt":1,"executor":"Org1MSP","inputs":{"result:a/Org2MSP":{"sum":5},"state:asset/a1":"…"},
 *  "operation":"score","parameters":{"threshold":"0.5"},"subtask":"s","task":"t"}
 * </pre>
 * An input that is JSON travels as JSON, any other as a string. Shape
 * {@code parameters} sends the parameters object alone. Keys are sorted, so two
 * organisations send their engines the same bytes for the same request.
 */
public final class Envelope {
    /** What the request carries. */
    public enum Shape { ENVELOPE, PARAMETERS }

    private Envelope() {
    }

    public static ObjectNode of(UnitRequest request, Shape shape) {
        ObjectNode params = EngineJson.NODES.objectNode();
        request.parameters().forEach(params::put);
        if (shape == Shape.PARAMETERS) {
            return params;
        }
        ObjectNode inputs = EngineJson.NODES.objectNode();
        for (UnitRequest.NamedInput input : request.inputs()) {
            if (input.name().startsWith(UnitRequest.PARAM_PREFIX)) {
                continue; // already among the parameters
            }
            inputs.set(input.name(), valueOf(input.value()));
        }
        ObjectNode root = EngineJson.NODES.objectNode();
        root.put("task", request.taskId());
        root.put("subtask", request.subtaskId());
        root.put("attempt", request.attempt());
        root.put("operation", request.operation());
        root.put("executor", request.executorMspId() == null ? "" : request.executorMspId());
        root.set("parameters", params);
        root.set("inputs", inputs);
        return root;
    }

    public static byte[] bytes(ObjectNode envelope) {
        return EngineJson.canonical(envelope);
    }

    private static JsonNode valueOf(byte[] value) {
        try {
            return EngineJson.parse(value, "input");
        } catch (UnitException notJson) {
            return EngineJson.NODES.textNode(new String(value, StandardCharsets.UTF_8));
        }
    }

    /** Parses a shape name of a configuration ({@code envelope}, {@code parameters}); null: envelope. */
    public static Shape shape(String name) {
        if (name == null || name.equals("envelope")) {
            return Shape.ENVELOPE;
        }
        if (name.equals("parameters")) {
            return Shape.PARAMETERS;
        }
        throw new dev.weft.engine.api.ModuleConfigException("request is 'envelope' or 'parameters', not '" + name + "'");
    }
}
