package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The units every standard engine can host, by name:
 * {@code aggregate} (sum, count, mean, min, max), {@code combine} (combine,
 * merge), {@code sha256} (sha256) and {@code sql} (sql).
 *
 * <pre>{@code
 * List<ComputeUnit> units = BuiltinUnits.create(BuiltinUnits.ALL, database);
 * }</pre>
 */
public final class BuiltinUnits {
    /** Names of all built-in units, in the order Health lists them. */
    public static final Set<String> ALL = orderedSet("aggregate", "combine", "sha256", "sql");

    private BuiltinUnits() {
    }

    /**
     * The named units. {@code database} is read by {@code sql} (required) and by
     * {@code aggregate}'s {@code query} parameter (optional: may be null).
     */
    public static List<ComputeUnit> create(Set<String> names, LocalDatabase database) {
        List<ComputeUnit> units = new ArrayList<>();
        for (String name : ALL) {
            if (!names.contains(name)) {
                continue;
            }
            units.add(switch (name) {
                case "aggregate" -> new AggregateUnit(database);
                case "combine" -> new CombineUnit();
                case "sha256" -> new Sha256Unit();
                case "sql" -> {
                    if (database == null) {
                        throw new IllegalArgumentException("unit sql needs a local database");
                    }
                    yield new SqlUnit(database);
                }
                default -> throw new IllegalStateException(name);
            });
        }
        for (String name : names) {
            if (!ALL.contains(name)) {
                throw new IllegalArgumentException("unknown unit " + name + "; built-in units are " + ALL);
            }
        }
        return units;
    }

    /** Whether any of the named units reads the local database. */
    public static boolean needsDatabase(Set<String> names) {
        return names.contains("sql") || names.contains("aggregate");
    }

    private static Set<String> orderedSet(String... names) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(names)));
    }
}
