package dev.weft.gateway.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.api.ModuleConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An engine configuration file, {@code weft engine serve --config engine.yaml}
 * (docs/engines.md has the reference): the standard engine's own settings, the
 * built-in units it keeps, its callback endpoint for pushed results, and the
 * heterogeneous engines it fronts, each through a conversion module. Every
 * top-level setting is optional; what the file leaves out, the command line gives.
 *
 * <pre>{@code
 * EngineFile file = EngineFile.load(Path.of("engine.yaml"));
 * for (EngineFile.Entry entry : file.entries()) { ... entry.module() ... }
 * }</pre>
 */
public record EngineFile(Path baseDirectory, Settings settings, List<Entry> entries) {

    /** The top-level settings; {@code null} where the file is silent. */
    public record Settings(String name, String profile, Integer port, String bind, Boolean insecureLoopback,
            TlsFiles tls, Integer workers, List<String> builtin, Path data, Path queries, String seedDemo,
            CallbackSettings callbacks, List<JsonNode> engines) {
    }

    /** PEM files of a TLS identity and the CA its peers' certificates must chain to. */
    public record TlsFiles(Path cert, Path key, Path ca) {
    }

    /**
     * The HTTPS endpoint engines push results to (S1.9 push).
     *
     * @param port its port (0: any free one)
     * @param bind interface (default 127.0.0.1)
     * @param url the base URL engines are told to call (default {@code https://<bind>:<port>})
     * @param clientAuth {@code required} (default: mutual TLS with the organisation's TLS CA) or {@code none}
     *     (the token alone, for engines that cannot hold a certificate)
     * @param tls its identity (default: the engine's)
     */
    public record CallbackSettings(Integer port, String bind, String url, String clientAuth, TlsFiles tls) {
    }

    /**
     * One heterogeneous engine: a unit named {@code name} serving {@code operations}
     * through {@code module}, whose own settings are {@code section}.
     */
    public record Entry(String name, String module, Set<String> operations, Duration timeout, JsonNode section) {
    }

    private static final Set<String> ENTRY_KEYS = Set.of("name", "module", "operations", "timeout");
    /** The timeout of an entry that names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public static EngineFile load(Path file) {
        try {
            return parse(Files.readString(file), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("engine configuration " + file + " cannot be read", e);
        }
    }

    /** Parses YAML text; relative paths in it are relative to {@code baseDirectory}. */
    public static EngineFile parse(String yaml, Path baseDirectory) {
        JsonNode root;
        try {
            root = ConfigYaml.MAPPER.readTree(yaml);
        } catch (IOException e) {
            throw new ModuleConfigException("engine configuration is not YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = ConfigYaml.MAPPER.createObjectNode();
        }
        Settings settings = ConfigYaml.bind(root, Settings.class, "engine configuration");
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> engines = settings.engines() == null ? List.of() : settings.engines();
        for (int i = 0; i < engines.size(); i++) {
            Entry entry = entry(engines.get(i), "engines[" + i + "]");
            if (!names.add(entry.name())) {
                throw new ModuleConfigException("engines: two entries are named " + entry.name());
            }
            entries.add(entry);
        }
        return new EngineFile(baseDirectory, settings, List.copyOf(entries));
    }

    private static Entry entry(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ModuleConfigException(where + ": an entry is a map (name, module, operations, timeout, <module>)");
        }
        String name = text(node, "name", where);
        where = "engines." + name;
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new ModuleConfigException(where + ": a name is 1-63 of a-z 0-9 . _ - (starting with a letter or digit)");
        }
        String module = text(node, "module", where);
        JsonNode ops = node.path("operations");
        if (!ops.isArray() || ops.isEmpty()) {
            throw new ModuleConfigException(where + ": operations is a non-empty list");
        }
        Set<String> operations = new TreeSet<>();
        ops.forEach(op -> operations.add(op.asText()));
        Duration timeout = node.hasNonNull("timeout")
                ? ConfigYaml.bind(node.get("timeout"), Duration.class, where + ".timeout") : DEFAULT_TIMEOUT;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ModuleConfigException(where + ".timeout must be positive");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ENTRY_KEYS.contains(key) && !key.equals(module)) {
                throw new ModuleConfigException(where + ": unknown key '" + key + "' (an entry has "
                        + new TreeSet<>(ENTRY_KEYS) + " and its module's section '" + module + "')");
            }
        }
        return new Entry(name, module, operations, timeout, node.path(module));
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ModuleConfigException(where + ": '" + key + "' is required");
        }
        return value.asText();
    }

    /** A path of the file, relative to its folder. */
    public Path resolve(Path path) {
        return path == null ? null : baseDirectory.resolve(path);
    }
}
