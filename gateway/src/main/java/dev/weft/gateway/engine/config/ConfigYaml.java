package dev.weft.gateway.engine.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.engine.api.ModuleConfigException;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The one YAML reader of engine configurations: unknown keys are refused,
 * durations are written as people write them ({@code 30s}, {@code 500ms}).
 */
final class ConfigYaml {
    static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("weft-durations").addDeserializer(Duration.class, new DurationReader()))
            .build();

    private ConfigYaml() {
    }

    /**
     * Binds a node to {@code type}; the error names {@code where} and what did not fit,
     * never the offending value (it may be a secret written inline), so Jackson's own
     * exception, whose message quotes the value, is not kept as the cause.
     */
    static <T> T bind(JsonNode node, Class<T> type, String where) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModuleConfigException(where + ": " + describe(e));
        }
    }

    private static String describe(Exception e) {
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            // a settings record refused what it was given: its own words, which name settings, not values
            return v.getCause().getMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key '" + u.getPropertyName() + "'";
        }
        if (e instanceof MismatchedInputException m) {
            String path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String expected = m.getTargetType() == null ? "value" : m.getTargetType().getSimpleName();
            return (path.isEmpty() ? "the value" : "the value of '" + path + "'") + " is not a valid " + expected
                    + " (not repeated here)";
        }
        return "not a valid configuration (" + e.getClass().getSimpleName() + ")";
    }

    private static final class DurationReader extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return Durations.parse(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getValueAsString(), e.getMessage());
            }
        }
    }
}
