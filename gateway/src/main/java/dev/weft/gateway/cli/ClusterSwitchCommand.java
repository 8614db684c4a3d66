package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft cluster switch}: an admin forces a switch off its cluster's master (S4.7 by hand). */
@Command(name = "switch", mixinStandardHelpOptions = true,
        description = {"Force a switch off your organisation's cluster master (an admin: --user Admin):",
            "the master becomes not electable, the epoch moves, the slave takes over."})
final class ClusterSwitchCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            JsonNode none = new ClusterLedger(chain).forceSwitch();
            output.print(spec.commandLine().getOut(), none, String.format(
                    "cluster %s of %s switched: epoch %d, no master until the slave registers",
                    none.path("cluster").asText(), none.path("mspId").asText(), none.path("epoch").asLong()));
        }
        return 0;
    }
}
