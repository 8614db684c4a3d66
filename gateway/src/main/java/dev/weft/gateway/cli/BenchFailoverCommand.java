package dev.weft.gateway.cli;

import dev.weft.gateway.bench.ClusterFailoverRig;
import dev.weft.gateway.bench.FailoverBenchmark;
import dev.weft.gateway.bench.FailoverReport;
import dev.weft.gateway.bench.FailoverRig;
import dev.weft.gateway.bench.PairFailoverRig;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench failover}: faults the instance acting for an organisation at least
 * {@code --faults} times while tasks flow, and measures takeovers, fencing and losses
 * (S4.5, S4.6). The network must be up and deployed; the command starts and stops the
 * instances and the engine it needs. {@code --mode} picks the high-availability mode:
 * {@code cluster} (S4, the default).
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"SIGKILL / SIGSTOP the acting gateway instance again and again while tasks flow:",
            "takeover p50/p95/max, results accepted or refused from deposed instances, lost, duplicates,",
            "false failovers, share of keepalive transactions."})
final class BenchFailoverCommand implements Callable<Integer> {
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--mode", defaultValue = "cluster", description = "High-availability mode (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--profile", defaultValue = "org1", description = "Organisation whose instances are faulted (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--faults", defaultValue = "20", description = "Faults to inject, SIGKILL and SIGSTOP in turn (default: ${DEFAULT-VALUE}).")
    int faults;

    @Option(names = "--rate", defaultValue = "8", description = "Tasks created per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--delay-ms", defaultValue = "100", description = "Engine time of each subtask (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Option(names = "--ttl", defaultValue = "6s", converter = DurationConverter.class,
            description = "Master TTL of the cluster the run creates (default: ${DEFAULT-VALUE}, as weft cluster create).")
    Duration ttl;

    @Option(names = "--keepalive", converter = DurationConverter.class,
            description = "Members' keepalive cadence (default: a third of the TTL).")
    Duration keepalive;

    @Option(names = "--windows", defaultValue = "3",
            description = "With --mode pair: N, the windows a switch looks at (default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--window", defaultValue = "3s", converter = DurationConverter.class,
            description = "With --mode pair: the liveness window, whole seconds (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--workers", defaultValue = "16", description = "Workers of each instance (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--give-up", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long a takeover or the final drain may take (default: ${DEFAULT-VALUE}).")
    Duration giveUp;

    @Option(names = "--work-dir", description = "Folder for stores and logs (default: a new temporary folder).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (faults < 1 || rate <= 0 || workers < 1) {
            throw new IllegalArgumentException("--faults, --rate and --workers must be positive");
        }
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("weft-bench-failover-");
        Profile org = Profile.load(profile);
        boolean pair = "pair".equals(mode);
        // S3: a pair's chain-side bound (N windows) stands where the cluster's TTL does; beacons at half a window.
        FailoverBenchmark bench = new FailoverBenchmark(new FailoverBenchmark.Settings(org, faults, rate, delayMs,
                giveUp, pair ? windows * (int) window.toSeconds() : (int) ttl.toSeconds(),
                pair ? window.dividedBy(2) : keepalive));
        FailoverReport report;
        try (FailoverRig rig = rig(org, dir)) {
            report = bench.run(rig);
        }
        Object json = report;
        String text = report.text();
        if (pair) {
            var node = Json.PLAIN.mapper().valueToTree(report);
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("windows", windows)
                    .put("windowSeconds", window.toSeconds());
            json = node;
            text += String.format("%n  pair: N = %d windows of %d s (masterTtlSeconds above = N windows, keepalive = "
                    + "beacon cadence)", windows, window.toSeconds());
        }
        output.print(spec.commandLine().getOut(), json, text + "\nstores and logs in " + dir);
        return report.lost() > 0 ? ExitCodes.LOST : 0;
    }

    /** The mode's rig; a new mode adds its case here. */
    private FailoverRig rig(Profile org, Path dir) {
        return switch (mode) {
            case "cluster" -> new ClusterFailoverRig(new ClusterFailoverRig.Settings(org, profile, dir,
                    (int) ttl.toSeconds(), keepalive, workers));
            case "pair" -> new PairFailoverRig(new PairFailoverRig.Settings(org, profile, dir, windows,
                    (int) window.toSeconds(), workers));
            default -> throw new IllegalArgumentException("unknown --mode " + mode + "; known: cluster, pair");
        };
    }
}
