package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft cluster create NAME --ttl 6s}: an admin creates its organisation's
 * cluster. From then on only the cluster's master lands the organisation's results.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create your organisation's gateway cluster (an admin: --user Admin).",
            "From then on the organisation's results are accepted only from the cluster's master."})
final class ClusterCreateCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "The cluster's name (members start with --cluster NAME).")
    String name;

    @Option(names = "--ttl", defaultValue = "6s", converter = DurationConverter.class,
            description = "How long after the master's last keepalive another member may take over "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            JsonNode cluster = new ClusterLedger(chain).create(name, Math.toIntExact(ttl.toSeconds()));
            output.print(spec.commandLine().getOut(), cluster, String.format(
                    "cluster %s of %s created, master TTL %ds", name, cluster.path("mspId").asText(), cluster.path("masterTtlSeconds").asInt()));
        }
        return 0;
    }
}
