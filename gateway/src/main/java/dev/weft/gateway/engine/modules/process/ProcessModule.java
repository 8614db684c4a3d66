package dev.weft.gateway.engine.modules.process;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ConversionModule;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.ModuleContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Conversion module {@code process}: a local program per subtask (S1.7 local). */
public final class ProcessModule implements ConversionModule {
    @Override
    public String type() {
        return "process";
    }

    @Override
    public ComputeUnit create(ModuleContext context) {
        ProcessSettings settings = context.settings(ProcessSettings.class);
        Path dir = settings.workingDirectory() == null ? context.baseDirectory()
                : context.baseDirectory().resolve(settings.workingDirectory());
        if (!Files.isDirectory(dir)) {
            throw new ModuleConfigException("engines." + context.unitName() + ".process.workingDirectory " + dir
                    + " is no folder");
        }
        Map<String, String> env = new TreeMap<>(settings.environment());
        settings.secretEnvironment().forEach((k, ref) -> env.put(k, context.secret(ref)));
        return new ProcessUnit(context.unitName(), context.operations(), context.timeout(), settings, dir, env,
                context.scheduler());
    }
}
