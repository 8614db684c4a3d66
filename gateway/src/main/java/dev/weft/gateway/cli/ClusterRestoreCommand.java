package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft cluster restore MEMBER}: an admin makes a member electable again after repair (S4.7). */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Make a member of your organisation's cluster electable again (an admin: --user Admin),",
            "after a forced switch and its repair; clears the cluster's consensus-error count."})
final class ClusterRestoreCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MEMBER", description = "The member ID.")
    String memberId;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            JsonNode member = new ClusterLedger(chain).restore(memberId);
            output.print(spec.commandLine().getOut(), member, String.format("member %s of %s is electable again",
                    member.path("memberId").asText(), member.path("mspId").asText()));
        }
        return 0;
    }
}
