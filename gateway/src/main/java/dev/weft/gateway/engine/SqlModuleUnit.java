package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import java.util.Map;
import java.util.Set;

/**
 * A SQL conversion module's unit ({@code jdbc}, {@code duckdb}): its operations are
 * bound to the organisation's named queries, and an execution runs the query its
 * operation names (or the request names) on a connection of the module's database
 * ({@link SqlModuleQueries}). A subclass says where connections come from.
 */
abstract class SqlModuleUnit implements ComputeUnit, AutoCloseable {
    private final String name;
    private final Map<String, SqlOperation> operations;
    private final NamedQueries queries;

    SqlModuleUnit(String name, Map<String, SqlOperation> operations, NamedQueries queries) {
        this.name = name;
        this.operations = Map.copyOf(operations);
        this.queries = queries;
    }

    /** Connections to run a query on; each is closed after one query. */
    abstract SqlModuleQueries.Connections connections();

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> operations() {
        return operations.keySet();
    }

    @Override
    public final byte[] execute(UnitRequest request) throws Exception {
        SqlOperation op = operations.get(request.operation());
        if (op == null) {
            throw UnitException.coded("UNKNOWN_OPERATION", "module %s has no operation '%s'", name,
                    request.operation());
        }
        SqlQuery query = SqlQuery.from(request, queries, op.query());
        return SqlModuleQueries.run(connections(), query, op.shape());
    }
}
