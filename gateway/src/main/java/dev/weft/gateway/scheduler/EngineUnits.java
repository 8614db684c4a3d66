package dev.weft.gateway.scheduler;

import dev.weft.gateway.registry.UnitService;
import dev.weft.proto.engine.v1.HealthResponse;
import java.util.List;
import java.util.Set;

/** The units of an engine as the directory keeps them, from the engine's own health or from the service center. */
final class EngineUnits {
    private EngineUnits() {
    }

    /** As a health poll of the engine reports them (S0.7 pull). */
    static List<EngineDirectory.Unit> fromHealth(HealthResponse health) {
        return health.getUnitsList().stream().map(u -> new EngineDirectory.Unit(u.getName(),
                Set.copyOf(u.getOperationsList()), u.getAvailable(),
                u.getAvailable() ? "" : "the engine reports it unavailable")).toList();
    }

    /** As the service center announces them (S0.7). */
    static List<EngineDirectory.Unit> fromCenter(List<UnitService> units) {
        return units.stream().map(u -> new EngineDirectory.Unit(u.name(), u.operations(), u.available(), u.why()))
                .toList();
    }

    /** All of {@code units} unavailable for {@code why}. */
    static List<EngineDirectory.Unit> unavailable(List<EngineDirectory.Unit> units, String why) {
        return units.stream().map(u -> new EngineDirectory.Unit(u.name(), u.operations(), false, why)).toList();
    }
}
