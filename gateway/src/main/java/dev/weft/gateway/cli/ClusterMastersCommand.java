package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.ClusterTables;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft cluster masters}: every organisation's cluster master (S4.3's query). */
@Command(name = "masters", mixinStandardHelpOptions = true,
        description = "List every cluster's master, epoch, address and aging timer.")
final class ClusterMastersCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            JsonNode masters = new ClusterLedger(chain).masters();
            output.print(spec.commandLine().getOut(), masters, ClusterTables.masters(masters));
        }
        return 0;
    }
}
