package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.ClusterTables;
import dev.weft.gateway.cluster.PairLedger;
import dev.weft.gateway.cluster.PairStatus;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft cluster status [MSPID]}: a cluster's master, epoch, aging timer and neighbour table. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a cluster's master, epoch and members with their roles (default: your organisation's).")
final class ClusterStatusCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MSPID", description = "Whose cluster.")
    String mspId;

    @Override
    public Integer call() {
        ConnectionConfig config = connection.toConfig();
        String msp = mspId != null ? mspId : config.mspId();
        try (ChainClient chain = ChainClient.connect(config)) {
            ClusterLedger clusters = new ClusterLedger(chain);
            com.fasterxml.jackson.databind.JsonNode json = clusters.clusterJson(msp);
            String text = ClusterTables.status(clusters.cluster(msp), Instant.now());
            // S3: a pair's liveness over the last N windows and the decision of each member now.
            if (new PairLedger(chain).exists(msp)) {
                var pair = PairStatus.read(chain, msp);
                ((com.fasterxml.jackson.databind.node.ObjectNode) json).set("pair", pair);
                text = text + "\n\n" + PairStatus.text(pair);
            }
            output.print(spec.commandLine().getOut(), json, text);
        }
        return 0;
    }
}
