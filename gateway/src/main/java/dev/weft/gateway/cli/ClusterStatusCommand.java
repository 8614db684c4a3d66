package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.ClusterTables;
import dev.weft.gateway.cluster.PairLedger;
import dev.weft.gateway.cluster.PairStatus;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft cluster status [MSPID]}: a cluster's master, epoch, aging timer and neighbour table. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a cluster's master, epoch and members with their roles (default: your organisation's).")
final class ClusterStatusCommand extends LedgerCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MSPID", description = "Whose cluster.")
    String mspId;

    @Override
    int run(ChainClient chain) {
        String msp = mspId != null ? mspId : config.mspId();
        ClusterLedger clusters = new ClusterLedger(chain);
        com.fasterxml.jackson.databind.JsonNode json = clusters.clusterJson(msp);
        String text = ClusterTables.status(clusters.cluster(msp), Instant.now());
        // S3: a pair's liveness over the last N windows and the decision of each member now.
        if (new PairLedger(chain).exists(msp)) {
            var pair = PairStatus.read(chain, msp);
            ((com.fasterxml.jackson.databind.node.ObjectNode) json).set("pair", pair);
            text = text + "\n\n" + PairStatus.text(pair);
        }
        print(json, text);
        return 0;
    }
}
