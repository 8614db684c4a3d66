package dev.weft.gateway.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.api.UnitException;
import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The engine's face of the gateway's {@link Json} codec ({@link Json#EXACT} to read,
 * {@link Json#canonical} to write). Every result is canonical JSON: object keys sorted,
 * no whitespace, numbers in plain notation without trailing zeros ({@code 1.50}
 * and {@code 1.5} both become {@code 1.5}, {@code 1E+2} becomes {@code 100}),
 * so that engines of different organisations write the same bytes. Conversion
 * modules write the results of heterogeneous engines through it too.
 */
public final class EngineJson {
    public static final JsonNodeFactory NODES = Json.EXACT_NODES;

    private static final ObjectMapper MAPPER = Json.EXACT.mapper();

    private EngineJson() {
    }

    /** Parses an input; anything that is not one JSON value is the input's fault. */
    public static JsonNode parse(byte[] json, String what) throws UnitException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new UnitException("%s is empty, not JSON", what);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UnitException("%s is not valid JSON: %s", what, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link Json#canonical}: the bytes engines of different organisations agree on. */
    public static byte[] canonical(JsonNode node) {
        return Json.canonical(node);
    }

    /** The canonical form of a number: no trailing zeros, never an exponent. */
    static BigDecimal normalise(BigDecimal value) {
        return Json.normalise(value);
    }
}
