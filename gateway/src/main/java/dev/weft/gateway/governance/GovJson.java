package dev.weft.gateway.governance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The JSON codec of governance and routing: reads what the {@code gov} and
 * {@code route} contracts return, writes their arguments with sorted keys and
 * no nulls (the chaincode refuses unknown or null fields).
 *
 * <pre>{@code
 * JsonNode proposal = GovJson.read(chain.evaluateText("gov:GetProposal", id), "gov:GetProposal");
 * String arg = GovJson.write(Map.of("operation", operation));
 * }</pre>
 */
public final class GovJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private GovJson() {
    }

    /** Parses {@code json}; {@code what} names it in the error. */
    public static JsonNode read(String json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode read(byte[] json, String what) {
        return read(new String(json, StandardCharsets.UTF_8), what);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value instanceof JsonNode n ? MAPPER.treeToValue(n, Object.class)
                    : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
