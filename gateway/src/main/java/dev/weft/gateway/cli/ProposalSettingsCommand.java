package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft proposal settings}: the governance settings in force (voters, threshold, quorum, periods). */
@Command(name = "settings", mixinStandardHelpOptions = true, description = "Show the governance settings.")
final class ProposalSettingsCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            var settings = new Governance(chain).settings().orElseThrow(() -> new IllegalArgumentException(
                    "governance is not bootstrapped; run weft proposal bootstrap --user Admin"));
            output.print(spec.commandLine().getOut(), settings, Json.CONTRACT.write(settings));
            return 0;
        }
    }
}
