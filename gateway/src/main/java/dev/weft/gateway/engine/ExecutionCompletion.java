package dev.weft.gateway.engine;

import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link UnitCompletion} of one execution: classifies how the unit ended it
 * into an {@link Execution.Outcome}, once; a cancel (timeout, engine stopping)
 * ends it as a unit fault and runs the unit's cancel hooks.
 */
final class ExecutionCompletion implements UnitCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionCompletion.class);

    private final String unit;
    private final ExecutionKey key;
    private final Consumer<Execution.Outcome> finisher;
    private final Instant deadline;
    private final AtomicBoolean done = new AtomicBoolean();
    private final List<Runnable> cancelHooks = new ArrayList<>();
    private boolean cancelled;

    ExecutionCompletion(String unit, ExecutionKey key, Instant deadline, Consumer<Execution.Outcome> finisher) {
        this.unit = unit;
        this.key = key;
        this.deadline = deadline;
        this.finisher = finisher;
    }

    @Override
    public boolean succeed(byte[] result) {
        if (result == null) {
            return fault("UNIT_FAILED", new IllegalStateException("unit " + unit + " returned no result"));
        }
        return end(Execution.Outcome.succeeded(result));
    }

    @Override
    public boolean fail(UnitException failure) {
        if (done.get()) {
            return false;
        }
        LOG.info("{} rejected {}: {}", unit, key, failure.getMessage());
        return end(Execution.Outcome.failed(failure.getMessage(), false));
    }

    @Override
    public boolean fault(String code, Throwable cause) {
        if (done.get()) {
            return false;
        }
        LOG.warn("unit {} failed on {} ({})", unit, key, code, cause);
        String why = cause instanceof dev.weft.engine.api.UnitFault f ? f.getMessage() : String.valueOf(cause);
        return end(Execution.Outcome.failed("unit " + unit + " failed: " + why, true));
    }

    /** A unit fault with the framework's own message (interrupted, crashed with an Error). */
    boolean faultWith(String message, Throwable cause) {
        if (done.get()) {
            return false;
        }
        LOG.warn("unit {} on {}: {}", unit, key, message, cause);
        return end(Execution.Outcome.failed(message, true));
    }

    @Override
    public boolean isDone() {
        return done.get();
    }

    @Override
    public void onCancel(Runnable hook) {
        boolean runNow;
        synchronized (cancelHooks) {
            runNow = cancelled;
            if (!runNow) {
                cancelHooks.add(hook);
            }
        }
        if (runNow) {
            runHook(hook);
        }
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** Ends the execution as a unit fault, if the unit has not ended it, and runs the cancel hooks. */
    boolean cancel(String reason) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        LOG.warn("unit {}: {} cancelled: {}", unit, key, reason);
        List<Runnable> hooks;
        synchronized (cancelHooks) {
            cancelled = true;
            hooks = List.copyOf(cancelHooks);
            cancelHooks.clear();
        }
        hooks.forEach(this::runHook);
        finisher.accept(Execution.Outcome.failed("unit " + unit + " " + reason, true));
        return true;
    }

    private boolean end(Execution.Outcome outcome) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        synchronized (cancelHooks) {
            cancelHooks.clear();
        }
        finisher.accept(outcome);
        return true;
    }

    private void runHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.warn("unit {}: a cancel hook of {} failed", unit, key, e);
        }
    }
}
