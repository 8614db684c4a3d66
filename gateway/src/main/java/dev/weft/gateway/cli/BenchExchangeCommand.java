package dev.weft.gateway.cli;

import dev.weft.gateway.bench.ExchangeBenchmark;
import dev.weft.gateway.chain.Profile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench exchange} (S1.10): throughput of the exchange's direct and relayed paths
 * against a plain TLS socket copy with the same mutual-TLS material, and the latency of a
 * small exchange. Needs two organisations' profiles (their gateway TLS identities).
 */
@Command(name = "exchange", mixinStandardHelpOptions = true,
        description = {"Throughput (MB/s) of 1 MiB and 64 MiB items over the exchange's direct path (standard engine to",
            "standard engine) and relayed path (unit engine, both standard engines, unit engine) against a plain",
            "mutual-TLS socket copy between the same endpoints in the same run (direct_ratio, relay_ratio), and the",
            "p50 latency of a 1 KiB exchange. Everything on loopback in this process, with the TLS identities of",
            "--from and --to."})
final class BenchExchangeCommand implements Callable<Integer> {
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", defaultValue = "org1", description = "Sending organisation's profile (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", defaultValue = "org2", description = "Receiving organisation's profile (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--sizes", split = ",", defaultValue = "1048576,67108864",
            description = "Payload sizes in bytes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs a size and path, after one warm-up "
            + "(default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured runs a size and path before the "
            + "measured ones; the same for the TLS copy (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--small", defaultValue = "200", description = "1 KiB exchanges timed (default: ${DEFAULT-VALUE}).")
    int small;

    @Option(names = "--item-stream", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Large items over the hubs' item streams (--no-item-stream: over gRPC Fetch only, as "
            + "before; default: ${DEFAULT-VALUE}).")
    boolean itemStream;

    @Override
    public Integer call() throws Exception {
        Profile a = Profile.load(from);
        Profile b = Profile.load(to);
        ExchangeBenchmark.Report report = new ExchangeBenchmark(new ExchangeBenchmark.Settings(a.mspId(),
                a.gatewayTls(), b.mspId(), b.gatewayTls(), sizes, runs, warmup, small, itemStream)).run();
        output.print(spec.commandLine().getOut(), report, report.text());
        return 0;
    }
}
