package dev.weft.gateway.engine;

import java.util.Map;
import java.util.Set;

/**
 * One operation of a SQL conversion module as the engine configuration maps it:
 * which named query it runs ({@code query}; when absent the request's
 * {@code query} parameter names one) and how the rows become the result
 * ({@code result}, {@link RowsShape}; default {@code rows}).
 *
 * <pre>{@code
 * operations:
 *   pg-sum:  {query: sales-amounts, result: sum}
 *   pg-rows: {result: rows}          # query=<name> comes with the subtask's parameters
 * }</pre>
 */
record SqlOperation(String operation, String query, RowsShape shape) {

    static Map<String, SqlOperation> read(ModuleConfig module, NamedQueries queries) {
        Map<String, SqlOperation> operations = module.objects("operations", op -> {
            op.only(Set.of("query", "result"));
            return new SqlOperation(null, op.text("query", null), RowsShape.parse(op.text("result", "rows")));
        });
        if (operations.isEmpty()) {
            throw new IllegalArgumentException(module.where() + ": 'operations' must map at least one operation");
        }
        Map<String, SqlOperation> named = new java.util.LinkedHashMap<>();
        operations.forEach((name, op) -> {
            if (op.query() != null && !queries.names().contains(op.query())) {
                throw new IllegalArgumentException(module.where() + ": operation " + name + " names query '"
                        + op.query() + "', which is not configured");
            }
            named.put(name, new SqlOperation(name, op.query(), op.shape()));
        });
        return named;
    }
}
