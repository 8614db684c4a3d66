package dev.weft.gateway.cli;

import dev.weft.gateway.bench.BenchReport;
import dev.weft.gateway.bench.TasksBenchmark;
import dev.weft.gateway.chain.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft bench tasks}: raw submit+commit vs one-subtask tasks, in one run. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = {"Raw Fabric tx/s and latency vs Weft one-subtask tasks on the running network.",
            "A task not completed within 2 minutes of its creation counts as lost; exit status 8 when one was."})
final class BenchTasksCommand implements Callable<Integer> {
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", defaultValue = "org1", description = "Organisation that creates and runs the tasks.")
    String profile;

    @Option(names = "--concurrency", defaultValue = "24", description = "Task clients, each with one creation in "
            + "flight at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--duration", defaultValue = "PT20S", description = "Measured time per phase (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "PT5S", description = "Unmeasured time first (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--workers", defaultValue = "64", description = "Gateway workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--raw-concurrency", description = "Raw-phase clients (default: as many as task clients; each has "
            + "one transaction in flight, as each task client does).")
    Integer rawConcurrency;

    @Option(names = "--batch", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Results (task:SubmitResults) and creations (task:CreateTasks) in adaptive batches; "
                    + "--no-batch sends each in its own transaction (default: ${DEFAULT-VALUE}).")
    boolean batch;

    @Option(names = "--tasks-in-flight", defaultValue = "2", description = "Tasks a client keeps open: it creates "
            + "the next once its previous creation committed, and waits for the oldest result only when this many "
            + "are open; 1 waits for each result before the next creation, so tasks/s stays under half of raw "
            + "tx/s (default: ${DEFAULT-VALUE}).")
    int tasksInFlight;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || tasksInFlight < 1) {
            throw new IllegalArgumentException("--concurrency and --tasks-in-flight must be positive");
        }
        Path dir = Files.createTempDirectory("weft-bench-");
        BenchReport.Tasks report = new TasksBenchmark(new TasksBenchmark.Settings(Profile.load(profile), concurrency,
                rawConcurrency != null ? rawConcurrency : concurrency, duration, warmup, workers, dir, batch,
                tasksInFlight)).run();
        output.print(spec.commandLine().getOut(), report, report.text());
        return report.lost() > 0 ? ExitCodes.LOST : 0;
    }
}
