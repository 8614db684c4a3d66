package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import picocli.CommandLine.Command;

/** {@code weft cluster switch}: an admin forces a switch off its cluster's master (S4.7 by hand). */
@Command(name = "switch", mixinStandardHelpOptions = true,
        description = {"Force a switch off your organisation's cluster master (an admin: --user Admin):",
            "the master becomes not electable, the epoch moves, the slave takes over."})
final class ClusterSwitchCommand extends LedgerCommand {
    @Override
    int run(ChainClient chain) {
        JsonNode none = new ClusterLedger(chain).forceSwitch();
        print(none, String.format("cluster %s of %s switched: epoch %d, no master until the slave registers",
                none.path("cluster").asText(), none.path("mspId").asText(), none.path("epoch").asLong()));
        return 0;
    }
}
