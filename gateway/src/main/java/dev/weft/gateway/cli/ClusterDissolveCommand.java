package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft cluster dissolve}: an admin ends its organisation's cluster; its writes are no longer fenced. */
@Command(name = "dissolve", mixinStandardHelpOptions = true,
        description = {"Dissolve your organisation's gateway cluster (an admin: --user Admin):",
            "members and master go, and any gateway of the organisation may submit again."})
final class ClusterDissolveCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            JsonNode gone = new ClusterLedger(chain).dissolve();
            output.print(spec.commandLine().getOut(), gone, String.format("cluster %s of %s dissolved",
                    gone.path("name").asText(), gone.path("mspId").asText()));
        }
        return 0;
    }
}
