package dev.weft.gateway.cli;

import dev.weft.gateway.bench.ScaleBenchmark;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.scheduler.SchedulerConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft bench scale}: one task per size, fan-out to every organisation then fan-in (issue 16). */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Completion time, transactions per subtask and result commit latency of one task per size "
            + "on the running network; every organisation's gateway runs in this process.",
            "Exit status 8 when a task did not complete."})
final class BenchScaleCommand implements Callable<Integer> {
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--orgs", split = ",", defaultValue = "org1,org2,org3",
            description = "Organisations' profiles; the first creates the tasks (default: ${DEFAULT-VALUE}).")
    List<String> orgs;

    @Option(names = "--sizes", split = ",", defaultValue = "1,10,100,1000",
            description = "Subtasks per task, one task each (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--workers", defaultValue = "16", description = "Workers of each gateway (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--max-batch", description = "Results a transaction at most; 1: one transaction each "
            + "(default: the gateway's adaptive batches, " + SchedulerConfig.DEFAULT_MAX_BATCH + ").")
    Integer maxBatch;

    @Option(names = "--timeout", defaultValue = "PT10M", description = "Longest wait for one task (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        for (int n : sizes) {
            if (n < 1 || n > 1000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--sizes: a task has 1 to 1000 subtasks, not " + n);
            }
        }
        ScaleBenchmark.Report report = new ScaleBenchmark(new ScaleBenchmark.Settings(
                orgs.stream().map(Profile::load).toList(), sizes, workers,
                maxBatch != null ? maxBatch : SchedulerConfig.DEFAULT_MAX_BATCH, timeout,
                Files.createTempDirectory("weft-bench-scale-"))).run();
        output.print(spec.commandLine().getOut(), report, report.text());
        return report.sizes().stream().allMatch(s -> "COMPLETED".equals(s.status())) ? 0 : ExitCodes.LOST;
    }
}
