package dev.weft.gateway.engine;

import dev.weft.gateway.metrics.Metrics;
import dev.weft.proto.engine.v1.SendMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * An engine's meters (docs/operations.md): sends received (run here, or attached
 * to an execution it already had), each unit run's latency by outcome, and the
 * executions running now.
 */
final class EngineMeters {
    private final MeterRegistry registry;

    EngineMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void watch(ExecutionRegistry executions) {
        Gauge.builder("weft.engine.executions.running", executions, e -> e.running().size())
                .description("executions running in this engine's units now").register(registry);
    }

    /** A send of {@code operation}: {@code how} is {@code run} (started here) or {@code attached}. */
    void received(String operation, String how, SendMode mode) {
        Counter.builder("weft.engine.sends").description("Execute requests received, by what the engine did")
                .tags("operation", operation, "handling", how, "send_mode", mode.name())
                .register(registry).increment();
    }

    /** One run of a unit ended. */
    void ran(String unit, String operation, Execution.Outcome outcome, long nanos) {
        String result = outcome.succeeded() ? "SUCCEEDED" : outcome.unitFault() ? "UNIT_FAULT" : "FAILED";
        Metrics.latency("weft.engine.unit.run", "one run of a compute unit, from start to its outcome")
                .tags("unit", unit, "operation", operation, "outcome", result)
                .register(registry).record(Duration.ofNanos(nanos));
    }
}
