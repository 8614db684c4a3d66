package dev.weft.gateway.engine;

import dev.weft.engine.api.ModuleConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One operation of a SQL conversion module (JDBC, DuckDB): which named query it
 * runs ({@code query}; when absent the request's {@code query} parameter names
 * one) and how the rows become the result ({@code shape}, {@link RowsShape};
 * default {@code rows}).
 *
 * <pre>{@code
 * results:
 *   pg-sum:  {query: sales-amounts, shape: sum}
 *   # pg-rows not listed: rows of the query named by the subtask's parameter 'query'
 * }</pre>
 */
record SqlOperation(String operation, String query, RowsShape shape) {

    /** How one operation's rows become its result, as the configuration writes it. */
    public record Result(String query, String shape) {
    }

    /** The entry's operations, each with its result mapping (rows of the requested query by default). */
    static Map<String, SqlOperation> of(String where, Set<String> operations, Map<String, Result> results,
            NamedQueries queries) {
        Map<String, Result> mapped = results == null ? Map.of() : results;
        for (String name : mapped.keySet()) {
            if (!operations.contains(name)) {
                throw new ModuleConfigException(where + ".results: '" + name + "' is not one of the entry's operations "
                        + operations);
            }
        }
        Map<String, SqlOperation> out = new LinkedHashMap<>();
        for (String name : operations) {
            Result r = mapped.get(name);
            String query = r == null ? null : r.query();
            if (query != null && !queries.names().contains(query)) {
                throw new ModuleConfigException(where + ".results." + name + ": query '" + query
                        + "' is not configured");
            }
            RowsShape shape;
            try {
                shape = RowsShape.parse(r == null || r.shape() == null ? "rows" : r.shape());
            } catch (IllegalArgumentException e) {
                throw new ModuleConfigException(where + ".results." + name + ": " + e.getMessage());
            }
            out.put(name, new SqlOperation(name, query, shape));
        }
        if (out.isEmpty()) {
            throw new ModuleConfigException(where + ": no operations");
        }
        return out;
    }

    /** Queries inline and from a JSON file (relative to the configuration's folder). */
    static NamedQueries queries(String where, Map<String, String> inline, String file, java.nio.file.Path base) {
        Map<String, String> all = new java.util.TreeMap<>();
        try {
            if (file != null) {
                all.putAll(NamedQueries.load(base.resolve(file)).texts());
            }
            if (inline != null) {
                all.putAll(inline);
            }
            return NamedQueries.of(all);
        } catch (IllegalArgumentException e) {
            throw new ModuleConfigException(where + ": " + e.getMessage(), e);
        }
    }
}
