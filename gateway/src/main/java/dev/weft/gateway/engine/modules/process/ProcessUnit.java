package dev.weft.gateway.engine.modules.process;

import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.modules.Envelope;
import dev.weft.gateway.engine.modules.ModuleUnit;
import dev.weft.gateway.engine.modules.ResultShape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** One configured local program: starts a {@link ProgramRun} per execution. */
final class ProcessUnit extends ModuleUnit {
    final ProcessSettings settings;
    final Path workingDirectory;
    final Map<String, String> environment;
    final ScheduledExecutorService scheduler;
    final Envelope.Shape shape;
    final ResultShape result;
    /** Processes started, for tests and health. */
    final AtomicLong started = new AtomicLong();

    ProcessUnit(String name, Set<String> operations, Duration timeout, ProcessSettings settings,
            Path workingDirectory, Map<String, String> environment, ScheduledExecutorService scheduler) {
        super(name, operations, timeout);
        this.settings = settings;
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
        this.scheduler = scheduler;
        this.shape = Envelope.shape(settings.request());
        this.result = ResultShape.of(settings.resultPointer());
    }

    @Override
    public void start(UnitRequest request, UnitCompletion completion) throws Exception {
        started.incrementAndGet();
        new ProgramRun(this, request, completion).start();
    }

    @Override
    public String toString() {
        return "process unit " + name() + " (" + settings.command().get(0) + ")";
    }
}
