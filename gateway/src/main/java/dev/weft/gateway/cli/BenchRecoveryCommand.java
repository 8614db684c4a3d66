package dev.weft.gateway.cli;

import dev.weft.gateway.bench.RecoveryBenchmark;
import dev.weft.gateway.bench.RecoveryReport;
import dev.weft.gateway.chain.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench recovery}: kill -9 of a gateway with a backlog in flight,
 * restart, drain rate against the steady-state rate of the same run. Starts and
 * stops the gateways and the engine it needs; the network must be up and deployed.
 */
@Command(name = "recovery", mixinStandardHelpOptions = true,
        description = {"kill -9 a gateway with subtasks in flight, restart it, and measure the recovery:",
            "time until all are committed, drain rate vs steady-state rate, losses, duplicates, store writes."})
final class BenchRecoveryCommand implements Callable<Integer> {
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", defaultValue = "org1", description = "Organisation whose gateway is killed (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--subtasks", defaultValue = "1000", description = "Subtasks in flight at the kill (default: ${DEFAULT-VALUE}).")
    int subtasks;

    @Option(names = "--concurrency", defaultValue = "32", description = "Clients creating tasks (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--steady", defaultValue = "PT20S", description = "Measured steady-state time (default: ${DEFAULT-VALUE}).")
    Duration steady;

    @Option(names = "--warmup", defaultValue = "PT5S", description = "Unmeasured time before it (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--workers", defaultValue = "64", description = "Gateway workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--engine-workers", defaultValue = "32", description = "Engine executions at once (default: ${DEFAULT-VALUE}).")
    int engineWorkers;

    @Option(names = "--give-up", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long each phase waits for its tasks once their load has stopped; what is still "
            + "awaited then counts as lost and the exit status is 8 (default: ${DEFAULT-VALUE}).")
    Duration giveUp;

    @Option(names = "--work-dir", description = "Folder for stores and logs (default: a new temporary folder).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (subtasks < 1 || concurrency < 1 || workers < 1 || engineWorkers < 1) {
            throw new IllegalArgumentException("--subtasks, --concurrency, --workers and --engine-workers must be positive");
        }
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("weft-bench-recovery-");
        RecoveryReport report = new RecoveryBenchmark(new RecoveryBenchmark.Settings(Profile.load(profile), profile,
                subtasks, concurrency, steady, warmup, workers, engineWorkers, dir, giveUp)).run();
        output.print(spec.commandLine().getOut(), report, report.text() + "\nstores and logs in " + dir);
        return report.lost() > 0 ? ExitCodes.LOST : 0;
    }
}
