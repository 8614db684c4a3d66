package dev.weft.gateway.engine.modules;

import dev.weft.engine.api.ComputeUnit;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What every conversion module's unit keeps from its entry of the engine
 * configuration: its name, the operations it serves and its timeout (one
 * execution, then a unit fault). A module's unit extends it and adds how it
 * starts a job ({@link ComputeUnit#start}) and how a cancel reaches the engine.
 */
public abstract class ModuleUnit implements ComputeUnit {
    private final String name;
    private final Set<String> operations;
    private final Duration timeout;

    protected ModuleUnit(String name, Set<String> operations, Duration timeout) {
        this.name = name;
        this.operations = Set.copyOf(operations);
        this.timeout = timeout;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> operations() {
        return operations;
    }

    @Override
    public final Optional<Duration> timeout() {
        return Optional.of(timeout);
    }

    /** The entry's timeout. */
    public final Duration limit() {
        return timeout;
    }
}
