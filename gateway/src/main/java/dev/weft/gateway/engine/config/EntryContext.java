package dev.weft.gateway.engine.config;

import dev.weft.engine.api.Callbacks;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.ModuleContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/** The {@link ModuleContext} of one configured entry. */
final class EntryContext implements ModuleContext {
    private final EngineFile.Entry entry;
    private final Path base;
    private final ScheduledExecutorService scheduler;
    private final Callbacks callbacks;

    EntryContext(EngineFile.Entry entry, Path base, ScheduledExecutorService scheduler, Callbacks callbacks) {
        this.entry = entry;
        this.base = base;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
    }

    @Override
    public String unitName() {
        return entry.name();
    }

    @Override
    public Set<String> operations() {
        return entry.operations();
    }

    @Override
    public Duration timeout() {
        return entry.timeout();
    }

    @Override
    public <T> T settings(Class<T> type) {
        if (entry.section().isMissingNode() || entry.section().isNull()) {
            throw new ModuleConfigException("engines." + entry.name() + ": the section '" + entry.module()
                    + "' with the module's settings is missing");
        }
        return ConfigYaml.bind(entry.section(), type, "engines." + entry.name() + "." + entry.module());
    }

    @Override
    public Path baseDirectory() {
        return base;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Optional<Callbacks> callbacks() {
        return Optional.ofNullable(callbacks);
    }
}
