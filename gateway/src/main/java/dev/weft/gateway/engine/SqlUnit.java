package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitRequest;
import java.util.Set;

/**
 * Operation {@code sql}: one of the organisation's {@link NamedQueries} over its
 * local database (see {@link SqlQuery} for the parameters, {@link SqlRows} for
 * the result); SQL text in a request is refused. Unavailable while the database
 * is unreachable.
 */
final class SqlUnit implements ComputeUnit {
    private final LocalDatabase database;

    SqlUnit(LocalDatabase database) {
        this.database = java.util.Objects.requireNonNull(database, "database");
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Set<String> operations() {
        return Set.of("sql");
    }

    @Override
    public boolean available() {
        return database.available();
    }

    @Override
    public byte[] execute(UnitRequest request) throws Exception {
        return EngineJson.canonical(database.rows(SqlQuery.from(request, database.queries())));
    }
}
