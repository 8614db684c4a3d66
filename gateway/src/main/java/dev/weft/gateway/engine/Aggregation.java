package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.UnitException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Set;

/**
 * A mergeable summary of numbers: count, sum, min, max (a field is null when
 * not known). An aggregate result carries just the fields its operation needs
 * to be merged again, so that a {@code combine} of per-organisation results
 * gives exactly what aggregating all the numbers at once would:
 *
 * <pre>
 * sum   {"count":3,"operation":"sum","sum":6,"value":6}
 * count {"count":3,"operation":"count","value":3}
 * mean  {"count":3,"operation":"mean","sum":6,"value":2}
 * min   {"count":3,"min":1,"operation":"min","value":1}
 * max   {"count":3,"max":3,"operation":"max","value":3}
 * </pre>
 * Over no numbers, sum is 0 and mean, min and max are null. A mean is rounded
 * to 34 significant digits, half-even.
 */
record Aggregation(long count, BigDecimal sum, BigDecimal min, BigDecimal max) {
    static final Set<String> OPERATIONS = Set.of("sum", "count", "mean", "min", "max");

    static Aggregation of(List<BigDecimal> values) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal min = null;
        BigDecimal max = null;
        for (BigDecimal v : values) {
            sum = sum.add(v);
            min = min == null || v.compareTo(min) < 0 ? v : min;
            max = max == null || v.compareTo(max) > 0 ? v : max;
        }
        return new Aggregation(values.size(), sum, min, max);
    }

    /** Reads an aggregate result, taking the fields {@code operation} needs from it. */
    static Aggregation fromJson(JsonNode node, String operation, String where) throws UnitException {
        if (!node.isObject() || !node.path("count").canConvertToExactIntegral() || node.path("count").asLong() < 0) {
            throw new UnitException("%s is not an aggregate result (no count)", where);
        }
        long count = node.get("count").asLong();
        return new Aggregation(count,
                needs(operation, "sum") ? field(node, "sum", where, false) : null,
                needs(operation, "min") ? field(node, "min", where, count == 0) : null,
                needs(operation, "max") ? field(node, "max", where, count == 0) : null);
    }

    Aggregation merge(Aggregation other) {
        return new Aggregation(count + other.count,
                sum == null || other.sum == null ? null : sum.add(other.sum),
                pick(min, other.min, -1), pick(max, other.max, 1));
    }

    /** The result of {@code operation} with the fields that let it be merged again. */
    JsonNode toJson(String operation) {
        ObjectNode result = EngineJson.NODES.objectNode();
        result.put("operation", operation);
        result.put("count", count);
        for (String field : List.of("sum", "min", "max")) {
            if (needs(operation, field)) {
                BigDecimal v = switch (field) {
                    case "sum" -> sum;
                    case "min" -> min;
                    default -> max;
                };
                result.put(field, v);
            }
        }
        result.put("value", value(operation));
        return result;
    }

    BigDecimal value(String operation) {
        return switch (operation) {
            case "sum" -> sum;
            case "count" -> BigDecimal.valueOf(count);
            case "mean" -> count == 0 ? null : sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128);
            case "min" -> min;
            case "max" -> max;
            default -> throw new IllegalArgumentException("unknown aggregate operation " + operation);
        };
    }

    private static boolean needs(String operation, String field) {
        return switch (field) {
            case "sum" -> operation.equals("sum") || operation.equals("mean");
            default -> operation.equals(field);
        };
    }

    private static BigDecimal field(JsonNode node, String name, String where, boolean mayBeNull)
            throws UnitException {
        JsonNode value = node.get(name);
        if (value != null && value.isNumber()) {
            return Numbers.bounded(value.decimalValue(), where);
        }
        if (value != null && value.isNull() && mayBeNull) {
            return null;
        }
        throw new UnitException("%s has no numeric '%s'", where, name);
    }

    private static BigDecimal pick(BigDecimal a, BigDecimal b, int sign) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Integer.signum(a.compareTo(b)) == sign ? a : b;
    }
}
