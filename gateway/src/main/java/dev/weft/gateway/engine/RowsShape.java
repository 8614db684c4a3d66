package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import dev.weft.engine.api.UnitException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a SQL conversion module (JDBC, DuckDB, Spark) turns the rows its engine
 * returns into a standard result: {@code rows} keeps them
 * ({@code {"columns":[…],"rows":[[…],…]}}, see {@link SqlRows}); {@code sum},
 * {@code count}, {@code mean}, {@code min} and {@code max} aggregate the first
 * column into the same mergeable result the {@code aggregate} unit writes, so a
 * {@code combine} subtask can merge a PostgreSQL answer with a Spark answer.
 */
enum RowsShape {
    ROWS, SUM, COUNT, MEAN, MIN, MAX;

    /** The shape's name in the engine configuration. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RowsShape parse(String label) {
        for (RowsShape shape : values()) {
            if (shape.label().equals(label)) {
                return shape;
            }
        }
        throw new IllegalArgumentException("result '" + label + "' must be one of rows, sum, count, mean, min, max");
    }

    /** Reads the rows of a query into this shape's canonical JSON. */
    byte[] read(ResultSet rows, String query, int maxRows) throws SQLException, UnitException {
        if (this == ROWS) {
            return EngineJson.canonical(SqlRows.read(rows, maxRows));
        }
        List<BigDecimal> numbers = new ArrayList<>();
        for (int n = 0; rows.next(); n++) {
            if (n == maxRows) {
                throw UnitException.coded("TOO_MANY_ROWS", "the query returns more than %d rows (parameter 'max-rows')",
                        maxRows);
            }
            BigDecimal number = SqlRows.number(rows.getObject(1), "column 1 of named query " + query);
            if (number != null) {
                numbers.add(number);
            }
        }
        return aggregate(numbers);
    }

    /** The aggregate of numbers already read (by a Spark job, say). */
    byte[] aggregate(List<BigDecimal> numbers) {
        if (this == ROWS) {
            throw new IllegalStateException("rows are not aggregated");
        }
        return EngineJson.canonical(Aggregation.of(numbers).toJson(label()));
    }

    /** Reads numbers from the first column of rows given as JSON ({@link SqlRows} form). */
    static List<BigDecimal> firstColumn(JsonNode rows, String where) throws UnitException {
        List<BigDecimal> numbers = new ArrayList<>();
        for (JsonNode row : rows.path("rows")) {
            JsonNode cell = row.path(0);
            if (cell.isNull() || cell.isMissingNode()) {
                continue;
            }
            try {
                numbers.add(Numbers.bounded(cell.isNumber() ? cell.decimalValue() : new BigDecimal(cell.asText().trim()),
                        where));
            } catch (NumberFormatException e) {
                throw UnitException.coded("NOT_A_NUMBER", "%s holds a value that is not a number", where);
            }
        }
        return numbers;
    }
}
