package dev.weft.chaincode.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * The chaincode's one JSON codec. Output is canonical (properties and map keys
 * sorted, no nulls, no whitespace) so every endorser writes the same bytes.
 */
public final class Json {
    /** Largest JSON argument any function accepts. */
    public static final int MAX_ARGUMENT_BYTES = 256 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("corrupt ledger value for " + type.getSimpleName(), e);
        }
    }

    /** Parses a caller's argument; anything wrong with it is BAD_REQUEST or TOO_LARGE. */
    public static <T> T parseArgument(String what, String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s is required", what);
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_ARGUMENT_BYTES) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "%s exceeds %d bytes", what, MAX_ARGUMENT_BYTES);
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "%s is null", what);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s is not valid JSON for %s: %s",
                    what, type.getSimpleName(), e.getOriginalMessage());
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
