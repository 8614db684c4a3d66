package dev.weft.gateway.engine;

import dev.weft.proto.engine.v1.UnitStatus;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A unit as its framework sees it: counted, guarded, and its failures classified. */
final class HostedUnit {
    private static final Logger LOG = LoggerFactory.getLogger(HostedUnit.class);

    private final ComputeUnit unit;
    private final AtomicLong executions = new AtomicLong();

    HostedUnit(ComputeUnit unit) {
        this.unit = unit;
    }

    ComputeUnit unit() {
        return unit;
    }

    void started() {
        executions.incrementAndGet();
    }

    boolean isAvailable() {
        try {
            return unit.available();
        } catch (RuntimeException e) {
            LOG.warn("unit {} failed its availability check: {}", unit.name(), e.toString());
            return false;
        }
    }

    UnitStatus status() {
        return UnitStatus.newBuilder().setName(unit.name())
                .addAllOperations(unit.operations().stream().sorted().toList())
                .setAvailable(isAvailable()).setExecutions(executions.get()).build();
    }

    /** Runs the executor once and says how it ended; never throws an Exception. */
    Execution.Outcome run(UnitRequest request, Execution execution) {
        long started = System.nanoTime();
        try {
            byte[] value = unit.execute(request);
            if (value == null) {
                throw new IllegalStateException("unit " + unit.name() + " returned no result");
            }
            LOG.debug("{} ran {} in {} ms ({} bytes)", unit.name(), execution.key(),
                    (System.nanoTime() - started) / 1_000_000, value.length);
            return Execution.Outcome.succeeded(value);
        } catch (UnitException e) {
            LOG.info("{} rejected {}: {}", unit.name(), execution.key(), e.getMessage());
            return Execution.Outcome.failed(e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Execution.Outcome.failed("unit " + unit.name() + " was interrupted", true);
        } catch (Exception e) {
            LOG.warn("unit {} failed on {}", unit.name(), execution.key(), e);
            return Execution.Outcome.failed("unit " + unit.name() + " failed: " + e, true);
        }
    }
}
