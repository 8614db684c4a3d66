package dev.weft.gateway.engine.config;

import dev.weft.engine.api.Callbacks;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ConversionModule;
import dev.weft.engine.api.ModuleConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The conversion modules this engine knows, by type: every
 * {@link ConversionModule} listed in a {@code META-INF/services} file on the
 * class path (the gateway's own: {@code http}, {@code process}; more from any jar
 * beside it). Builds one unit per configured entry.
 *
 * <pre>{@code
 * List<ComputeUnit> units = ModuleRegistry.discover().units(file, timer, callbacks);
 * }</pre>
 */
public final class ModuleRegistry {
    private final Map<String, ConversionModule> modules;

    private ModuleRegistry(Map<String, ConversionModule> modules) {
        this.modules = modules;
    }

    /** The modules found through {@link ServiceLoader}. */
    public static ModuleRegistry discover() {
        Map<String, ConversionModule> found = new TreeMap<>();
        for (ConversionModule module : ServiceLoader.load(ConversionModule.class)) {
            ConversionModule other = found.putIfAbsent(module.type(), module);
            if (other != null && other.getClass() != module.getClass()) {
                throw new ModuleConfigException("two conversion modules call themselves '" + module.type() + "': "
                        + other.getClass().getName() + " and " + module.getClass().getName());
            }
        }
        return new ModuleRegistry(found);
    }

    /** The module types there are, sorted. */
    public List<String> types() {
        return List.copyOf(modules.keySet());
    }

    public Optional<ConversionModule> module(String type) {
        return Optional.ofNullable(modules.get(type));
    }

    /**
     * One unit per entry of {@code file}, each wrapped so that the framework
     * applies its timeout. A module that refuses its settings stops everything:
     * the message names the entry.
     */
    public List<ComputeUnit> units(EngineFile file, ScheduledExecutorService timer, Callbacks callbacks) {
        List<ComputeUnit> units = new ArrayList<>();
        for (EngineFile.Entry entry : file.entries()) {
            units.add(unit(entry, file.baseDirectory(), timer, callbacks));
        }
        return units;
    }

    ComputeUnit unit(EngineFile.Entry entry, Path base, ScheduledExecutorService timer, Callbacks callbacks) {
        ConversionModule module = module(entry.module()).orElseThrow(() -> new ModuleConfigException(
                "engines." + entry.name() + ": no conversion module '" + entry.module() + "'; there are " + types()));
        EntryContext context = new EntryContext(entry, base, timer, callbacks);
        ComputeUnit unit;
        try {
            unit = module.create(context);
        } catch (ModuleConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ModuleConfigException("engines." + entry.name() + ": module " + entry.module()
                    + " cannot start: " + e.getMessage(), e);
        }
        if (!unit.name().equals(entry.name()) || !unit.operations().equals(entry.operations())) {
            throw new ModuleConfigException("engines." + entry.name() + ": module " + entry.module()
                    + " made a unit named " + unit.name() + " for " + unit.operations()
                    + "; a unit takes its entry's name and operations");
        }
        return unit;
    }
}
