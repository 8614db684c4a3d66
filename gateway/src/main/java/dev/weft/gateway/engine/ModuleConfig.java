package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads one conversion module's section of the engine configuration (a YAML or
 * JSON object) with errors that name the field, and the parts every SQL module
 * shares: {@code queries} (inline, or {@code queriesFile}), {@code operations}
 * and credentials by reference ({@code passwordFile}, {@code passwordEnv}; an
 * inline {@code password} is refused, so no secret sits in a configuration file
 * that is copied around or shown).
 *
 * <pre>{@code
 * modules:
 *   - type: jdbc
 *     name: sales-db
 *     url: jdbc:postgresql://127.0.0.1:5432/sales
 *     user: weft_reader
 *     passwordFile: /etc/weft/sales-db.password
 *     queries: {sales-amounts: "SELECT amount FROM sales ORDER BY id"}
 *     operations: {pg-sum: {result: sum, query: sales-amounts}, pg-rows: {result: rows}}
 * }</pre>
 */
final class ModuleConfig {
    private final JsonNode node;
    private final String where;
    private final Path base;

    /**
     * @param base folder relative paths are resolved against (the configuration file's)
     */
    ModuleConfig(JsonNode node, String where, Path base) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        this.node = node;
        this.where = where;
        this.base = base == null ? Path.of(".") : base;
    }

    String where() {
        return where;
    }

    JsonNode raw() {
        return node;
    }

    /** Refuses fields this module does not know (a typo must not silently drop a setting). */
    void only(Set<String> known) {
        if (node.has("password")) {
            throw new IllegalArgumentException(where + ": no inline 'password'; use passwordFile or passwordEnv");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "'; known: " + new TreeMap<>(
                        known.stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> ""))).keySet());
            }
        });
    }

    String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' is required (text)");
        }
        return v.asText();
    }

    String text(String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be text");
        }
        return v.asText();
    }

    int integer(String field, int fallback, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max || (v.isTextual() && !v.asText().matches("\\d+"))) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a whole number " + min + ".." + max);
        }
        return v.asInt();
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    Path path(String field) {
        return base.resolve(text(field)).normalize();
    }

    Path path(String field, Path fallback) {
        String v = text(field, null);
        return v == null ? fallback : base.resolve(v).normalize();
    }

    /** Text entries of an object field, in file order. */
    Map<String, String> texts(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be an object");
        }
        v.properties().forEach(e -> {
            if (!e.getValue().isValueNode()) {
                throw new IllegalArgumentException(where + ": " + field + "." + e.getKey() + " must be text");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** Each entry of an object field, read by {@code reader}, in file order. */
    <T> Map<String, T> objects(String field, Function<ModuleConfig, T> reader) {
        Map<String, T> out = new LinkedHashMap<>();
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be an object");
        }
        v.properties().forEach(e -> out.put(e.getKey(),
                reader.apply(new ModuleConfig(e.getValue(), where + "." + field + "." + e.getKey(), base))));
        return out;
    }

    /** The module's named queries: {@code queries} inline and/or {@code queriesFile} (a JSON object). */
    NamedQueries queries() {
        Map<String, String> all = new TreeMap<>();
        String file = text("queriesFile", null);
        if (file != null) {
            all.putAll(NamedQueries.load(base.resolve(file)).texts());
        }
        all.putAll(texts("queries"));
        try {
            return NamedQueries.of(all);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * A secret by reference: {@code <field>File} (a file's first line) or
     * {@code <field>Env} (an environment variable); null when neither is given.
     */
    String secret(String field) {
        String file = text(field + "File", null);
        String env = text(field + "Env", null);
        if (file != null && env != null) {
            throw new IllegalArgumentException(where + ": give " + field + "File or " + field + "Env, not both");
        }
        if (file != null) {
            try {
                String content = Files.readString(base.resolve(file), StandardCharsets.UTF_8);
                int newline = content.indexOf('\n');
                return (newline < 0 ? content : content.substring(0, newline)).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": cannot read " + field + "File " + file, e);
            }
        }
        if (env != null) {
            String value = System.getenv(env);
            if (value == null) {
                throw new IllegalArgumentException(where + ": environment variable " + env + " (" + field
                        + "Env) is not set");
            }
            return value;
        }
        return null;
    }
}
