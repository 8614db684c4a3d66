package dev.weft.gateway.cli;

import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.governance.Governance;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft proposal cancel ID}: the proposer withdraws an open proposal; nothing is granted. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Withdraw your open proposal.")
final class ProposalCancelCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Mixin GatewayApiOptions gateway;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The proposal ID.")
    String proposalId;

    @Override
    public Integer call() {
        ConnectionConfig user = connection.toConfig();
        try (ChainClient chain = ChainClient.connect(user);
                GatewayApiClient api = gateway.enabled() ? gateway.connect(connection, user) : null) {
            Governance gov = api == null ? new Governance(chain) : GatewayApiOptions.governance(api, user, chain);
            Governance.Submitted s = gov.cancel(proposalId);
            output.print(spec.commandLine().getOut(), s.value(), "cancelled proposal " + proposalId + " in block "
                    + s.blockNumber());
            return 0;
        }
    }
}
