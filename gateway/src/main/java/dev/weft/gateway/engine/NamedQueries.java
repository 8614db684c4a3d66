package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.api.UnitException;
import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The only SQL the {@code sql} and {@code aggregate} units run (issue 9 item 3):
 * queries the organisation configures on its own engine, by name. A task names a
 * query with parameter {@code query}; its text never travels on the chain, so no
 * other organisation can choose what runs on this organisation's data. Each query
 * is checked once, at load, to be one read-only statement ({@link ReadOnlySql});
 * its {@code ?} placeholders are bound, as JDBC parameters, to the task's
 * {@code arg.1}, {@code arg.2}, … (as many as it has, no more, no fewer).
 *
 * <pre>{@code
 * // queries.json: {"sales-amounts": "SELECT amount FROM sales",
 * //                "sales-in-region": "SELECT amount FROM sales WHERE region = ?"}
 * NamedQueries queries = NamedQueries.load(Path.of("queries.json"));
 * }</pre>
 */
public final class NamedQueries {
    /** What a query name looks like; SQL text never does (it has blanks). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final NamedQueries NONE = new NamedQueries(Map.of());

    /** One configured query and how many arguments it binds. */
    record Query(String name, String sql, int placeholders) {
    }

    private final Map<String, Query> queries;

    private NamedQueries(Map<String, Query> queries) {
        this.queries = Collections.unmodifiableMap(new TreeMap<>(queries));
    }

    /** No queries: every query a task names is refused. */
    public static NamedQueries none() {
        return NONE;
    }

    /**
     * Queries by name, each checked.
     *
     * @throws IllegalArgumentException for a bad name or a statement that is not one read-only query
     */
    public static NamedQueries of(Map<String, String> byName) {
        Map<String, Query> out = new TreeMap<>();
        byName.forEach((name, sql) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("query name '" + name + "' must match " + NAME);
            }
            Objects.requireNonNull(sql, "the SQL of query " + name);
            try {
                ReadOnlySql.check(sql);
                out.put(name, new Query(name, sql, ReadOnlySql.placeholders(sql)));
            } catch (UnitException e) {
                throw new IllegalArgumentException("query " + name + ": " + e.getMessage(), e);
            }
        });
        return new NamedQueries(out);
    }

    /** Reads a JSON object of name → SQL text. */
    public static NamedQueries load(Path file) {
        JsonNode root;
        try {
            root = Json.PLAIN.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read named queries from " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object of query name to SQL text");
        }
        Map<String, String> byName = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(file + ": query " + e.getKey() + " must be SQL text");
            }
            byName.put(e.getKey(), e.getValue().asText());
        }
        try {
            return of(byName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Name to SQL text of every query, sorted by name. */
    Map<String, String> texts() {
        Map<String, String> out = new TreeMap<>();
        queries.forEach((name, q) -> out.put(name, q.sql()));
        return out;
    }

    /** The names configured, sorted. */
    public java.util.Set<String> names() {
        return queries.keySet();
    }

    /** The query a task names; SQL_TEXT_REFUSED for anything that is not a name, UNKNOWN_QUERY for others. */
    Query require(String name) throws UnitException {
        if (!NAME.matcher(name).matches()) {
            throw UnitException.coded("SQL_TEXT_REFUSED", "parameter 'query' names a query configured on the "
                    + "engine; SQL text is not accepted");
        }
        Query q = queries.get(name);
        if (q == null) {
            throw UnitException.coded("UNKNOWN_QUERY", "this engine has no named query '%s'", name);
        }
        return q;
    }
}
