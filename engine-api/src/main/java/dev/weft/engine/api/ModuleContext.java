package dev.weft.engine.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the standard engine gives a {@link ConversionModule} to build one unit
 * from: the entry's common settings, the module's own section, shared
 * facilities, and the way to credentials.
 */
public interface ModuleContext {

    /** The unit's name (the entry's {@code name}), unique in the engine. */
    String unitName();

    /** The operations the entry maps to this unit. */
    Set<String> operations();

    /** The entry's timeout for one execution (the module may apply it itself, too). */
    Duration timeout();

    /**
     * The module's own section (the entry's key named like {@link ConversionModule#type()}),
     * bound to {@code type} (a record is best): unknown keys are refused, and a
     * {@link SecretRef} field takes {@code {env: …}} or {@code {file: …}} only.
     *
     * @throws ModuleConfigException when the section is missing or does not bind
     */
    <T> T settings(Class<T> type);

    /** The configuration file's folder: relative paths in settings are relative to it. */
    Path baseDirectory();

    /** The value of a credential reference (see {@link SecretRef}); never log it. */
    default String secret(SecretRef ref) {
        return ref.resolve(baseDirectory());
    }

    /**
     * A small scheduler shared by every unit, for polls, back-offs and deadlines:
     * tasks on it must not block.
     */
    ScheduledExecutorService scheduler();

    /** The engine's callback endpoint for pushed results, when the engine runs one. */
    Optional<Callbacks> callbacks();
}
