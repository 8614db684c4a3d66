package dev.weft.gateway.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The gateway's one JSON codec. Each constant is a named variant with a fixed
 * configuration; pick the one whose rules the other side expects, never build a
 * mapper of your own.
 *
 * <ul>
 * <li>{@link #PLAIN}: Jackson's defaults (unknown properties refused when binding
 * records, keys in the order they were put). What the chain, the bench and the
 * console read and write when nothing is hashed.</li>
 * <li>{@link #SORTED}: map keys sorted; the arguments of the {@code task} contract.</li>
 * <li>{@link #CONTRACT}: map keys sorted, nulls left out, trees written through maps
 * so that their keys are sorted too; the arguments of the {@code gov} and {@code route}
 * contracts (the chaincode refuses unknown or null fields).</li>
 * <li>{@link #PRETTY}: indented; what {@code --output json} prints.</li>
 * <li>{@link #EXACT}: numbers read as exact decimals, trailing tokens refused; the
 * inputs of engines, whose results are written by {@link #canonical}.</li>
 * </ul>
 *
 * <p>Where bytes are hashed or compared across organisations (engine results and
 * their digests), {@link #canonical} writes them: keys sorted, no whitespace,
 * numbers in plain notation without trailing zeros. Protobuf messages travel as
 * JSON in chaincode events; {@link #printProto} and {@link #mergeProto} are their
 * one printer and parser.
 *
 * <pre>{@code
 * JsonNode task = Json.PLAIN.read(chain.evaluateText("task:GetTask", id), "task:GetTask");
 * String arg = Json.CONTRACT.write(Map.of("operation", operation));
 * byte[] digestInput = Json.canonical(result);
 * }</pre>
 */
public final class Json {
    /** Exact decimals in trees: {@code 1.10} stays {@code 1.10} until written canonically. */
    public static final JsonNodeFactory EXACT_NODES = JsonNodeFactory.withExactBigDecimals(true);

    public static final Json PLAIN = new Json(JsonMapper.builder().build(), false);
    public static final Json SORTED = new Json(JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build(), false);
    public static final Json CONTRACT = new Json(JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build(), true);
    public static final Json PRETTY = new Json(JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build(), false);
    public static final Json EXACT = new Json(JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(EXACT_NODES)
            .build(), false);

    private static final JsonFormat.Parser PROTO_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PROTO_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final ObjectMapper mapper;
    private final boolean treesAsMaps;

    private Json(ObjectMapper mapper, boolean treesAsMaps) {
        this.mapper = mapper;
        this.treesAsMaps = treesAsMaps;
    }

    /** This variant's mapper, for streaming, record binding and checked-exception call sites. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses {@code json}; {@code what} names it in the error. */
    public JsonNode read(String json, String what) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public JsonNode read(byte[] json, String what) {
        return read(new String(json, StandardCharsets.UTF_8), what);
    }

    /** {@code value} as compact JSON text under this variant's rules. */
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(treesAsMaps && value instanceof JsonNode n
                    ? mapper.treeToValue(n, Object.class) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public ArrayNode array() {
        return mapper.createArrayNode();
    }

    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    /**
     * The canonical bytes of {@code node}: object keys sorted, no whitespace, numbers
     * in plain notation without trailing zeros ({@code 1.50} and {@code 1.5} both become
     * {@code 1.5}, {@code 1E+2} becomes {@code 100}), binary as Base64 text; so that
     * organisations that compute the same value write the same bytes.
     */
    public static byte[] canonical(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = PLAIN.mapper.getFactory().createGenerator(out)) {
            generator.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            writeCanonical(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The canonical form of a number: no trailing zeros, never an exponent. */
    public static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** A protobuf message as compact proto3 JSON, as the chaincode writes it into events. */
    public static String printProto(MessageOrBuilder message) {
        try {
            return PROTO_PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Merges proto3 JSON into {@code builder}, ignoring fields this gateway does not know yet. */
    public static <B extends Message.Builder> B mergeProto(String json, B builder)
            throws InvalidProtocolBufferException {
        PROTO_PARSER.merge(json, builder);
        return builder;
    }

    private static void writeCanonical(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                Collections.sort(names);
                for (String name : names) {
                    g.writeFieldName(name);
                    writeCanonical(g, node.get(name));
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    writeCanonical(g, element);
                }
                g.writeEndArray();
            }
            case NUMBER -> g.writeNumber(normalise(node.decimalValue()));
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case BINARY -> g.writeString(Base64.getEncoder().encodeToString(node.binaryValue()));
            default -> throw new IllegalArgumentException("cannot write " + node.getNodeType() + " as JSON");
        }
    }
}
