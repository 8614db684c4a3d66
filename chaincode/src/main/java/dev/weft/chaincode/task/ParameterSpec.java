package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A parameter a task creator may set on a subtask (issue 9 item 2), with its
 * type and bounds. {@code CreateTask} refuses every other parameter and every
 * value outside the bounds with PARAMETER_NOT_ALLOWED; the subtask's default
 * stays in the definition's {@code parameters}.
 *
 * <pre>
 * {"type":"string","minLength":1,"maxLength":64}
 * {"type":"integer","min":1,"max":1000}        whole numbers only
 * {"type":"number","min":-1.5,"max":1e6}
 * {"type":"enum","values":["north","south"]}
 * </pre>
 */
public record ParameterSpec(String type, Integer minLength, Integer maxLength, BigDecimal min, BigDecimal max,
        List<String> values) {
    static final int MAX_ENUM_VALUES = 64;
    static final int MAX_NUMBER_CHARS = 64;
    private static final List<String> TYPES = List.of("string", "integer", "number", "enum");

    public ParameterSpec {
        values = values == null ? null : List.copyOf(values);
    }

    /** The spec checked when a definition is registered; anything unclear is INVALID_DEFINITION. */
    ParameterSpec validated(String where) {
        if (type == null || !TYPES.contains(type)) {
            throw invalid("%s: type must be one of %s", where, TYPES);
        }
        switch (type) {
            case "string" -> {
                only(where, min == null && max == null && values == null, "minLength and maxLength");
                int low = minLength == null ? 0 : minLength;
                if (maxLength == null || low < 0 || low > maxLength || maxLength > Checks.MAX_PARAMETER_BYTES) {
                    throw invalid("%s: a string needs maxLength (at most %d) and 0 <= minLength <= maxLength",
                            where, Checks.MAX_PARAMETER_BYTES);
                }
                return new ParameterSpec(type, low, maxLength, null, null, null);
            }
            case "integer", "number" -> {
                only(where, minLength == null && maxLength == null && values == null, "min and max");
                if (min == null || max == null || min.compareTo(max) > 0) {
                    throw invalid("%s: a %s needs min <= max", where, type);
                }
                if (type.equals("integer") && (min.stripTrailingZeros().scale() > 0
                        || max.stripTrailingZeros().scale() > 0)) {
                    throw invalid("%s: the bounds of an integer must be whole numbers", where);
                }
                return this;
            }
            default -> {
                only(where, minLength == null && maxLength == null && min == null && max == null, "values");
                if (values == null || values.isEmpty() || values.size() > MAX_ENUM_VALUES) {
                    throw invalid("%s: an enum needs 1..%d values", where, MAX_ENUM_VALUES);
                }
                Set<String> seen = new HashSet<>();
                for (String v : values) {
                    if (v == null || Checks.utf8Length(v) > Checks.MAX_PARAMETER_BYTES || !seen.add(v)) {
                        throw invalid("%s: enum values must be distinct strings of at most %d bytes",
                                where, Checks.MAX_PARAMETER_BYTES);
                    }
                }
                return new ParameterSpec(type, null, null, null, null, values.stream().sorted().toList());
            }
        }
    }

    /** Whether {@code value} is one this spec admits. */
    boolean admits(String value) {
        return switch (type) {
            case "string" -> value.length() >= minLength && value.length() <= maxLength;
            case "enum" -> values.contains(value);
            default -> number(value);
        };
    }

    /** The bounds in words, for refusals. */
    String describe() {
        return switch (type) {
            case "string" -> String.format(Locale.ROOT, "a string of %d..%d characters", minLength, maxLength);
            case "enum" -> "one of " + values;
            default -> "a" + (type.equals("integer") ? "n integer" : " number") + " in "
                    + min.toPlainString() + ".." + max.toPlainString();
        };
    }

    private boolean number(String value) {
        if (value.length() > MAX_NUMBER_CHARS || !value.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return false;
        }
        BigDecimal n = new BigDecimal(value);
        if (type.equals("integer") && n.stripTrailingZeros().scale() > 0) {
            return false;
        }
        return n.compareTo(min) >= 0 && n.compareTo(max) <= 0;
    }

    private static void only(String where, boolean ok, String fields) {
        if (!ok) {
            throw invalid("%s: this type takes only %s", where, fields);
        }
    }

    private static WeftException invalid(String format, Object... args) {
        return WeftException.of(ErrorCode.INVALID_DEFINITION, format, args);
    }
}
