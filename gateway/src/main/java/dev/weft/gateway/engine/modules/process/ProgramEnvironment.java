package dev.weft.gateway.engine.modules.process;

import java.nio.file.Path;
import java.util.Map;

/**
 * The environment a local program starts with: none of the engine's own variables
 * (no credential of the engine leaks into the organisation's program), only
 * {@code PATH}, {@code LANG=C.UTF-8}, and {@code TMPDIR} and {@code HOME} in the
 * execution's own folder.
 */
public final class ProgramEnvironment {
    private ProgramEnvironment() {
    }

    /** Empties {@code builder}'s environment down to the above, for an execution in {@code dir}; returns it. */
    public static Map<String, String> isolate(ProcessBuilder builder, Path dir) {
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", dir.toString());
        env.put("HOME", dir.toString());
        return env;
    }
}
