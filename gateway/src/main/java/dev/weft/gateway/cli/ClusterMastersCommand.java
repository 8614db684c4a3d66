package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.ClusterTables;
import picocli.CommandLine.Command;

/** {@code weft cluster masters}: every organisation's cluster master (S4.3's query). */
@Command(name = "masters", mixinStandardHelpOptions = true,
        description = "List every cluster's master, epoch, address and aging timer.")
final class ClusterMastersCommand extends LedgerCommand {
    @Override
    int run(ChainClient chain) {
        JsonNode masters = new ClusterLedger(chain).masters();
        print(masters, ClusterTables.masters(masters));
        return 0;
    }
}
