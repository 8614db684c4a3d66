package dev.weft.gateway.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A checked read-only query from a request: parameter {@code query} with
 * {@code ?} placeholders bound, as strings, to parameters {@code arg.1},
 * {@code arg.2}, … in order; parameter {@code max-rows} (default 10000) caps
 * the rows (more is an error, never a silent cut), {@code timeout-seconds}
 * (default 30) the time.
 */
record SqlQuery(String sql, List<String> args, int maxRows, int timeoutSeconds) {
    static final int DEFAULT_MAX_ROWS = 10_000;
    static final int DEFAULT_TIMEOUT_SECONDS = 30;

    static SqlQuery from(UnitRequest request) throws UnitException {
        String sql = request.requireParameter("query");
        ReadOnlySql.check(sql);
        List<String> args = new ArrayList<>();
        for (int n = 1; request.parameter("arg." + n).isPresent(); n++) {
            args.add(request.parameter("arg." + n).get());
        }
        return new SqlQuery(sql, args, positive(request, "max-rows", DEFAULT_MAX_ROWS),
                positive(request, "timeout-seconds", DEFAULT_TIMEOUT_SECONDS));
    }

    private static int positive(UnitRequest request, String name, int fallback) throws UnitException {
        String value = request.parameter(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UnitException("parameter '%s' must be a positive integer, not '%s'", name, value);
    }
}
