package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.governance.QualifiedId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft cluster enrol MEMBER --identity org1:User3 --priority 30 --address HOST:PORT}:
 * an admin enrols (or changes) a member of its own organisation's cluster (S4.2).
 */
@Command(name = "enrol", mixinStandardHelpOptions = true,
        description = {"Enrol a gateway instance into your organisation's cluster (an admin: --user Admin),",
            "or change an enrolled member's identity, priority, address or electable flag."})
final class ClusterEnrolCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MEMBER", description = "The member ID (gateway run --member).")
    String member;

    @Option(names = "--identity", required = true, paramLabel = "USER|PROFILE:USER|MSPID/x509::…",
            description = "The identity the member signs with: a user of --profile (User3), of another "
                    + "profile (org1:User3), or a qualified ID.")
    String identity;

    @Option(names = "--priority", required = true, description = "Higher wins elections; ties go to the smaller ID.")
    int priority;

    @Option(names = "--address", required = true, paramLabel = "HOST:PORT",
            description = "Where the member serves its cluster and exchange ports.")
    String address;

    @Option(names = "--not-electable", description = "An ordinary member that never becomes master.")
    boolean notElectable;

    @Override
    public Integer call() {
        ConnectionConfig config = connection.toConfig();
        if (!identity.contains(":") && connection.profile == null) {
            throw new IllegalArgumentException("--identity USER needs --profile; else give PROFILE:USER");
        }
        String qualified = identity.contains(":") ? QualifiedId.ofProfileUser(identity)
                : QualifiedId.of(Profile.load(connection.profile).connection(identity, 0));
        String prefix = config.mspId() + "/";
        if (!qualified.startsWith(prefix)) {
            throw new IllegalArgumentException("--identity must be an identity of " + config.mspId());
        }
        try (ChainClient chain = ChainClient.connect(config)) {
            JsonNode enrolled = new ClusterLedger(chain).enrol(config.mspId(), member,
                    qualified.substring(prefix.length()), priority, address, !notElectable);
            output.print(spec.commandLine().getOut(), enrolled, String.format(
                    "member %s of %s's cluster enrolled: priority %d, %s, %selectable", member, config.mspId(),
                    priority, address, notElectable ? "not " : ""));
        }
        return 0;
    }
}
