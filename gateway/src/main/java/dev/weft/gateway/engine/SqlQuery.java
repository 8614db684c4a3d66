package dev.weft.gateway.engine;

import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A named query as a request asks for it (issue 9 item 3): parameter
 * {@code query} names one of the engine's {@link NamedQueries}; parameters
 * {@code arg.1}, {@code arg.2}, … are bound, as strings, to its placeholders, as
 * many as it has; {@code max-rows} (default 10000, at most {@value #MAX_ROWS})
 * caps the rows (more is an error, never a silent cut) and
 * {@code timeout-seconds} (default 30, at most {@value #MAX_TIMEOUT_SECONDS}) the time.
 */
record SqlQuery(String name, String sql, List<String> args, int maxRows, int timeoutSeconds) {
    static final int DEFAULT_MAX_ROWS = 10_000;
    static final int MAX_ROWS = 100_000;
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int MAX_TIMEOUT_SECONDS = 300;

    static SqlQuery from(UnitRequest request, NamedQueries queries) throws UnitException {
        return from(request, queries, null);
    }

    /**
     * As {@link #from(UnitRequest, NamedQueries)}; with {@code fixed} (an operation bound to one
     * query by the engine's configuration) the request's {@code query}, when given, must name it.
     */
    static SqlQuery from(UnitRequest request, NamedQueries queries, String fixed) throws UnitException {
        String name = fixed == null ? request.requireParameter("query") : request.parameter("query").orElse(fixed);
        if (fixed != null && !fixed.equals(name)) {
            throw UnitException.coded("QUERY_MISMATCH", "operation '%s' runs named query '%s' only",
                    request.operation(), fixed);
        }
        NamedQueries.Query query = queries.require(name);
        List<String> args = new ArrayList<>();
        for (int n = 1; request.parameter("arg." + n).isPresent(); n++) {
            args.add(request.parameter("arg." + n).get());
        }
        if (args.size() != query.placeholders()) {
            throw UnitException.coded("BAD_ARGUMENTS", "named query '%s' takes %d argument(s) (arg.1 …), not %d",
                    query.name(), query.placeholders(), args.size());
        }
        return new SqlQuery(query.name(), query.sql(), args,
                bounded(request, "max-rows", DEFAULT_MAX_ROWS, MAX_ROWS),
                bounded(request, "timeout-seconds", DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS));
    }

    private static int bounded(UnitRequest request, String name, int fallback, int max) throws UnitException {
        String value = request.parameter(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw UnitException.coded("OUT_OF_BOUNDS", "parameter '%s' must be a whole number 1..%d", name, max);
    }
}
