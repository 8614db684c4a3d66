package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.PairLedger;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft cluster pair FIRST SECOND --windows 3 --window 2s}: an admin puts its
 * cluster into pair mode (S3.1), before any member registers; its two members then
 * run with {@code weft gateway run --cluster NAME --member ID --pair}.
 */
@Command(name = "pair", mixinStandardHelpOptions = true,
        description = {"Put your organisation's cluster into pair mode (an admin: --user Admin), before any master.",
            "Two enrolled members back each other up: one validator, one sync member; they switch from the",
            "beacons recorded in committed blocks over the last N windows (S3)."})
final class ClusterPairCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FIRST", description = "One member ID of the pair.")
    String first;

    @Parameters(index = "1", paramLabel = "SECOND", description = "The other member ID.")
    String second;

    @Option(names = "--windows", defaultValue = "3",
            description = "N: how many closed windows a switch looks at (default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--window", defaultValue = "2s", converter = DurationConverter.class,
            description = "Length of a liveness window, whole seconds; members beacon twice per window "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration window;

    @Override
    public Integer call() {
        if (window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("--window must be whole seconds");
        }
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            JsonNode pair = new PairLedger(chain).create(first, second, windows, Math.toIntExact(window.toSeconds()));
            output.print(spec.commandLine().getOut(), pair, String.format(
                    "cluster %s of %s in pair mode: %s, N = %d windows of %d s", pair.path("cluster").asText(),
                    pair.path("mspId").asText(), pair.path("members"), pair.path("windows").asInt(),
                    pair.path("windowSeconds").asInt()));
        }
        return 0;
    }
}
