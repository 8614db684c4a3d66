package dev.weft.gateway.engine;

import dev.weft.engine.api.CollaborativeUnit;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.Exchange;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import dev.weft.proto.engine.v1.UnitStatus;
import java.time.Duration;
import java.util.Optional;
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

    Optional<Duration> timeout() {
        try {
            return unit.timeout();
        } catch (RuntimeException e) {
            LOG.warn("unit {} failed to say its timeout: {}", unit.name(), e.toString());
            return Optional.empty();
        }
    }

    UnitStatus status() {
        return UnitStatus.newBuilder().setName(unit.name())
                .addAllOperations(unit.operations().stream().sorted().toList())
                .setAvailable(isAvailable()).setExecutions(executions.get()).build();
    }

    /**
     * Starts the executor once; a synchronous unit completes {@code completion}
     * before this returns, an asynchronous one later. Never throws an Exception.
     */
    void run(UnitRequest request, Execution execution, ExecutionCompletion completion, Exchange exchange) {
        long started = System.nanoTime();
        Thread worker = Thread.currentThread();
        boolean[] inStart = {true};
        // a cancel while the unit still holds this thread (a blocking unit) interrupts it
        completion.onCancel(() -> {
            synchronized (inStart) {
                if (inStart[0]) {
                    worker.interrupt();
                }
            }
        });
        try {
            if (exchange != null) {
                if (!(unit instanceof CollaborativeUnit collaborative)) {
                    throw UnitException.coded("NOT_COLLABORATIVE", "unit %s takes no part in an exchange: it runs "
                            + "operation '%s' alone, and its subtask is collaborative", unit.name(), request.operation());
                }
                completion.succeed(collaborative.collaborate(request, exchange));
            } else {
                unit.start(request, completion);
            }
            LOG.debug("{} started {} in {} ms (done: {})", unit.name(), execution.key(),
                    (System.nanoTime() - started) / 1_000_000, completion.isDone());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            completion.faultWith("unit " + unit.name() + " was interrupted", e);
        } catch (Exception e) {
            completion.complete(e);
        } catch (Throwable e) {
            // whatever happens in the unit, waiters get an outcome
            completion.faultWith("unit " + unit.name() + " crashed: " + e, e);
        } finally {
            synchronized (inStart) {
                inStart[0] = false;
            }
        }
    }
}
