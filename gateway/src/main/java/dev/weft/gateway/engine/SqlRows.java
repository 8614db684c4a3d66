package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.UnitException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;

/**
 * Rows as the {@code sql} unit returns them:
 * {@code {"columns":["region","amount"],"rows":[["north",125],…]}}, column labels
 * lower-cased (databases disagree on case), numbers exact, dates and times in
 * ISO-8601, binary data in base64. Row order is the query's: use ORDER BY.
 */
final class SqlRows {
    private SqlRows() {
    }

    static JsonNode read(ResultSet rows, int maxRows) throws SQLException, UnitException {
        ResultSetMetaData meta = rows.getMetaData();
        ObjectNode result = EngineJson.NODES.objectNode();
        ArrayNode columns = result.putArray("columns");
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            columns.add(meta.getColumnLabel(c).toLowerCase(Locale.ROOT));
        }
        ArrayNode data = result.putArray("rows");
        while (rows.next()) {
            if (data.size() == maxRows) {
                throw UnitException.coded("TOO_MANY_ROWS", "the query returns more than %d rows (parameter 'max-rows')",
                    maxRows);
            }
            ArrayNode row = data.addArray();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                row.add(value(rows.getObject(c)));
            }
        }
        return result;
    }

    /**
     * A number from a row's cell, for aggregation; null when the cell is NULL. A
     * cell that is not a number is refused without quoting it: it is private data.
     */
    static BigDecimal number(Object cell, String where) throws SQLException, UnitException {
        JsonNode node = value(cell);
        if (node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return Numbers.bounded(node.decimalValue(), where);
        }
        try {
            return Numbers.bounded(new BigDecimal(node.asText().trim()), where);
        } catch (NumberFormatException e) {
            throw UnitException.coded("NOT_A_NUMBER", "%s holds a value that is not a number", where);
        }
    }

    static JsonNode value(Object cell) throws SQLException {
        var nodes = EngineJson.NODES;
        if (cell == null) {
            return nodes.nullNode();
        } else if (cell instanceof Boolean b) {
            return nodes.booleanNode(b);
        } else if (cell instanceof BigDecimal d) {
            return nodes.numberNode(d);
        } else if (cell instanceof BigInteger i) {
            return nodes.numberNode(new BigDecimal(i));
        } else if (cell instanceof Long || cell instanceof Integer || cell instanceof Short || cell instanceof Byte) {
            return nodes.numberNode(BigDecimal.valueOf(((Number) cell).longValue()));
        } else if (cell instanceof Double || cell instanceof Float) {
            // Float through its decimal text, so 0.1f reads 0.1 and not 0.100000001490116
            double d = cell instanceof Float f ? Double.parseDouble(f.toString()) : (Double) cell;
            return Double.isFinite(d) ? nodes.numberNode(BigDecimal.valueOf(d)) : nodes.textNode(cell.toString());
        } else if (cell instanceof byte[] bytes) {
            return nodes.textNode(Base64.getEncoder().encodeToString(bytes));
        } else if (cell instanceof java.sql.Timestamp t) {
            return nodes.textNode(t.toLocalDateTime().toString());
        } else if (cell instanceof java.sql.Date d) {
            return nodes.textNode(d.toLocalDate().toString());
        } else if (cell instanceof java.sql.Time t) {
            return nodes.textNode(t.toLocalTime().toString());
        } else if (cell instanceof java.sql.Clob clob) {
            return nodes.textNode(clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length())));
        } else if (cell instanceof java.sql.Array array) {
            return value(array.getArray());
        } else if (cell instanceof Object[] elements) {
            ArrayNode list = nodes.arrayNode();
            for (Object element : elements) {
                list.add(value(element));
            }
            return list;
        }
        // strings, java.time values (ISO-8601), UUIDs
        return nodes.textNode(cell.toString());
    }
}
