package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Operations {@code sum}, {@code count}, {@code mean}, {@code min}, {@code max}
 * over every number the request gives, from any of:
 * <ul>
 *   <li>parameter {@code values}: comma-separated decimals ({@code "1, 2.5,-3"});
 *   <li>parameter {@code query}: the name of one of the engine's {@link NamedQueries},
 *       bound with parameters {@code arg.1}, {@code arg.2}, … ({@link SqlQuery}); the first
 *       column of every row, NULLs skipped (S1.8: the organisation's own data stays local);
 *   <li>every upstream result ({@code result:…} input) that is a JSON number or
 *       an array of JSON numbers.
 * </ul>
 * At least one source must be given. The result is described by {@link Aggregation}.
 *
 * <p>Parameter {@code delay-ms} (0..600000, default 0) makes the unit wait that many
 * milliseconds before it answers, without changing the result: long executions on
 * demand, for fault-injection tests and benchmarks that must catch a unit mid-task.
 * The wait is interruptible; an interrupted unit ends as a unit fault (S0.9).
 */
final class AggregateUnit implements ComputeUnit {
    /** Longest {@code delay-ms} accepted: ten minutes. */
    static final long MAX_DELAY_MILLIS = 600_000;

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
        long delay = delayMillis(request);
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
            values.addAll(database.firstColumnNumbers(SqlQuery.from(request, database.queries())));
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
        byte[] result = EngineJson.canonical(Aggregation.of(values).toJson(request.operation()));
        if (delay > 0) {
            Thread.sleep(delay);
        }
        return result;
    }

    private static long delayMillis(UnitRequest request) throws UnitException {
        String raw = request.parameter("delay-ms").orElse("0").trim();
        long delay;
        try {
            delay = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            delay = -1;
        }
        if (delay < 0 || delay > MAX_DELAY_MILLIS) {
            throw UnitException.coded("OUT_OF_BOUNDS",
                    "parameter 'delay-ms' must be a whole number of milliseconds 0..%d, not '%s'", MAX_DELAY_MILLIS, raw);
        }
        return delay;
    }
}
