package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import picocli.CommandLine.Command;

/** {@code weft cluster dissolve}: an admin ends its organisation's cluster; its writes are no longer fenced. */
@Command(name = "dissolve", mixinStandardHelpOptions = true,
        description = {"Dissolve your organisation's gateway cluster (an admin: --user Admin):",
            "members and master go, and any gateway of the organisation may submit again."})
final class ClusterDissolveCommand extends LedgerCommand {
    @Override
    int run(ChainClient chain) {
        JsonNode gone = new ClusterLedger(chain).dissolve();
        print(gone, String.format("cluster %s of %s dissolved", gone.path("name").asText(),
                gone.path("mspId").asText()));
        return 0;
    }
}
