package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.proto.engine.v1.HealthResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The units a framework hosts, by name and by operation: two units may not share
 * a name, and an operation is served by exactly one unit.
 */
final class HostedUnits {
    private final Map<String, HostedUnit> byName = new LinkedHashMap<>();
    private final Map<String, HostedUnit> byOperation = new TreeMap<>();

    HostedUnits(List<ComputeUnit> units) {
        for (ComputeUnit unit : units) {
            HostedUnit hosted = new HostedUnit(unit);
            if (byName.putIfAbsent(unit.name(), hosted) != null) {
                throw new IllegalArgumentException("two units are named " + unit.name());
            }
            for (String operation : unit.operations()) {
                HostedUnit other = byOperation.putIfAbsent(operation, hosted);
                if (other != null) {
                    throw new IllegalArgumentException("operation " + operation + " is served by both "
                            + other.unit().name() + " and " + unit.name());
                }
            }
        }
    }

    /** The unit serving {@code operation}, or null. */
    HostedUnit serving(String operation) {
        return byOperation.get(operation);
    }

    /** Every operation served, sorted. */
    Set<String> operations() {
        return byOperation.keySet();
    }

    /** Health of framework {@code framework}: each unit, its operations, availability and execution counts. */
    HealthResponse health(String framework) {
        HealthResponse.Builder health = HealthResponse.newBuilder().setFramework(framework);
        byName.values().forEach(u -> health.addUnits(u.status()));
        return health.build();
    }
}
