package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.api.UnitException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Numbers read from parameters, upstream results and rows, as exact decimals. */
final class Numbers {
    /** Digits allowed on either side of the point: keeps exact sums cheap. */
    static final int MAX_DIGITS = 100;

    private Numbers() {
    }

    static BigDecimal parse(String token, String where) throws UnitException {
        BigDecimal value;
        try {
            value = new BigDecimal(token.trim());
        } catch (NumberFormatException e) {
            throw new UnitException("%s holds '%s', not a number", where, token.trim());
        }
        return bounded(value, where);
    }

    /** A comma-separated list; blanks around numbers are ignored, an empty list is allowed. */
    static List<BigDecimal> csv(String csv, String where) throws UnitException {
        List<BigDecimal> values = new ArrayList<>();
        if (csv.isBlank()) {
            return values;
        }
        for (String token : csv.split(",", -1)) {
            values.add(parse(token, where));
        }
        return values;
    }

    /** A JSON number, or an array of numbers. */
    static List<BigDecimal> fromJson(JsonNode node, String where) throws UnitException {
        List<BigDecimal> values = new ArrayList<>();
        if (node.isNumber()) {
            values.add(bounded(node.decimalValue(), where));
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isNumber()) {
                    throw new UnitException("%s holds %s, not a number", where, element);
                }
                values.add(bounded(element.decimalValue(), where));
            }
        } else {
            throw new UnitException("%s is neither a number nor an array of numbers"
                    + " (merge aggregate results with operation 'combine')", where);
        }
        return values;
    }

    static BigDecimal bounded(BigDecimal value, String where) throws UnitException {
        int integerDigits = value.precision() - value.scale();
        if (integerDigits > MAX_DIGITS || value.scale() > MAX_DIGITS) {
            throw new UnitException("%s holds a number with more than %d digits", where, MAX_DIGITS);
        }
        return value;
    }
}
