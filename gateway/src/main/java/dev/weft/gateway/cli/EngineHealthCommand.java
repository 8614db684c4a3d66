package dev.weft.gateway.cli;

import dev.weft.gateway.engine.EngineClient;
import dev.weft.proto.engine.v1.HealthResponse;
import dev.weft.proto.engine.v1.UnitStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code weft engine health}: the engine's units, their operations and availability (S0.10). */
@Command(name = "health", mixinStandardHelpOptions = true, description = "List an engine's units and their status.")
final class EngineHealthCommand implements Callable<Integer> {
    @Mixin EngineEndpointOptions endpoint;
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (EngineClient client = endpoint.client()) {
            HealthResponse health = client.health();
            List<Map<String, Object>> units = new ArrayList<>();
            StringBuilder text = new StringBuilder("engine " + health.getFramework());
            for (UnitStatus unit : health.getUnitsList()) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("name", unit.getName());
                u.put("operations", unit.getOperationsList());
                u.put("available", unit.getAvailable());
                u.put("executions", unit.getExecutions());
                units.add(u);
                text.append(String.format("%n  %-10s %-11s %s (%d executions)", unit.getName(),
                        unit.getAvailable() ? "available" : "UNAVAILABLE", String.join(",", unit.getOperationsList()),
                        unit.getExecutions()));
            }
            output.print(spec.commandLine().getOut(), Map.of("framework", health.getFramework(), "units", units),
                    text.toString());
            return 0;
        }
    }
}
