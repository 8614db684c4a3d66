package dev.weft.gateway.cli;

import dev.weft.gateway.bench.SoakBenchmark;
import dev.weft.gateway.bench.SoakReport;
import dev.weft.gateway.chain.Profile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench soak}: a long run of three-organisation DAG tasks against
 * every organisation's running gateway; created, completed, lost, rates and the
 * gateways' memory growth. Needs {@code ./test-network.sh demo tasks} (or
 * {@code services} and the definition registered) first.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Create multi-organisation DAG tasks at a steady rate through every organisation's peer for",
            "--duration against the running gateways (./test-network.sh services), then report created, completed,",
            "lost (not completed --give-up after the load stopped), rates and gateway memory growth.",
            "Exit status 8 when a task was lost."})
final class BenchSoakCommand implements Callable<Integer> {
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long tasks are created (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "1m", converter = DurationConverter.class,
            description = "When the gateways' memory is first read (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--rate", defaultValue = "2", description = "Tasks created per second, all clients together "
            + "(default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--clients", defaultValue = "4", description = "Creating clients, spread over the "
            + "organisations' peers (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--definition", defaultValue = "three-org-sales",
            description = "Registered task definition to create (default: ${DEFAULT-VALUE}).")
    String definition;

    @Option(names = "--give-up", defaultValue = "3m", converter = DurationConverter.class,
            description = "How long to wait for the tasks once the load stopped (default: ${DEFAULT-VALUE}).")
    Duration giveUp;

    @Option(names = "--org", split = ",", defaultValue = "org1,org2,org3",
            description = "Organisations whose gateways are watched and whose peers take the load "
            + "(default: ${DEFAULT-VALUE}).")
    List<String> orgs;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || clients < 1 || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--rate, --clients and --duration must be positive");
        }
        SoakReport report = new SoakBenchmark(new SoakBenchmark.Settings(orgs, definition, clients, rate, duration,
                warmup, giveUp, Profile.profilesFolder().getParent())).run();
        output.print(spec.commandLine().getOut(), report, report.text());
        return report.lost() > 0 ? ExitCodes.LOST : 0;
    }
}
