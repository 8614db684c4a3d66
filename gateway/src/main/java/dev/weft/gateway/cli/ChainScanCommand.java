package dev.weft.gateway.cli;

import dev.weft.gateway.chain.BlockScan;
import dev.weft.gateway.chain.ChainClient;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft chain scan}: reads every block of the channel through the
 * organisation's peer and looks for figures that must not be on chain (for the
 * private sum: each organisation's own total). Exit status 4 when a figure is
 * found in a transaction that mentions a {@code --strict} marker or a task
 * created from one.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scan every block's transactions (arguments, writes, events, responses) for figures.",
            "A hit in a transaction of a --strict definition or task fails the scan (exit status 4);",
            "hits elsewhere are listed."})
final class ChainScanCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--figures", split = ",", required = true, description = "Whole numbers to look for.")
    List<String> figures;

    @Option(names = "--strict", split = ",", defaultValue = "",
            description = "Definition or task IDs whose transactions (and their tasks' transactions) must not hold"
                    + " a figure.")
    List<String> strict;

    @Override
    public Integer call() {
        List<String> markers = strict.stream().filter(s -> !s.isBlank()).toList();
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            BlockScan.Report r = BlockScan.channel(chain.network(), chain.blockHeight(), figures, markers);
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "scanned %d blocks, %d transactions (%d of %s or its tasks) for %s%n", r.blocks(),
                    r.transactions(), r.strictTransactions(), String.join(", ", markers), String.join(", ", figures)));
            for (BlockScan.Hit h : r.hits()) {
                text.append(String.format(Locale.ROOT, "  %s block %d tx %s… %s %s, %s: %s%n",
                        h.strict() ? "FOUND" : "found elsewhere", h.block(), h.txId().substring(0, 12), h.chaincode(),
                        h.function(), h.field(), h.context()));
            }
            text.append(r.strictHits().isEmpty() ? "none of them in a transaction of " + String.join(", ", markers)
                    + " or its tasks" : r.strictHits().size() + " hit(s) in transactions that must not hold them");
            output.print(spec.commandLine().getOut(), r, text.toString());
            return r.strictHits().isEmpty() ? 0 : ExitCodes.REFUSED;
        }
    }
}
