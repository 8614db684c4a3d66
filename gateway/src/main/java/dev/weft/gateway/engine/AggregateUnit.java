package dev.weft.gateway.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Operations {@code sum}, {@code count}, {@code mean}, {@code min}, {@code max}
 * over every number the request gives, from any of:
 * <ul>
 *   <li>parameter {@code values}: comma-separated decimals ({@code "1, 2.5,-3"});
 *   <li>parameter {@code query}: a read-only SQL query over the local database,
 *       bound with parameters {@code arg.1}, {@code arg.2}, …; the first column of
 *       every row, NULLs skipped (S1.8: the organisation's own data stays local);
 *   <li>every upstream result ({@code result:…} input) that is a JSON number or
 *       an array of JSON numbers.
 * </ul>
 * At least one source must be given. The result is described by {@link Aggregation}.
 */
final class AggregateUnit implements ComputeUnit {
    private final LocalDatabase database;

    /** {@code database} may be null: then parameter {@code query} is refused. */
    AggregateUnit(LocalDatabase database) {
        this.database = database;
    }

    @Override
    public String name() {
        return "aggregate";
    }

    @Override
    public Set<String> operations() {
        return Aggregation.OPERATIONS;
    }

    @Override
    public byte[] execute(UnitRequest request) throws Exception {
        List<BigDecimal> values = new ArrayList<>();
        boolean sourced = false;
        if (request.parameter("values").isPresent()) {
            values.addAll(Numbers.csv(request.parameter("values").get(), "parameter 'values'"));
            sourced = true;
        }
        if (request.parameter("query").isPresent()) {
            if (database == null) {
                throw new UnitException("this engine has no local database for parameter 'query'");
            }
            values.addAll(database.firstColumnNumbers(SqlQuery.from(request)));
            sourced = true;
        }
        for (UnitRequest.NamedInput upstream : request.results()) {
            String where = "input " + upstream.name();
            values.addAll(Numbers.fromJson(EngineJson.parse(upstream.value(), where), where));
            sourced = true;
        }
        if (!sourced) {
            throw new UnitException("operation '%s' needs parameter 'values', parameter 'query' or upstream results",
                    request.operation());
        }
        return EngineJson.canonical(Aggregation.of(values).toJson(request.operation()));
    }
}
