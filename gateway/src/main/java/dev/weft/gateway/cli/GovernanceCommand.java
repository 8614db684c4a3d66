package dev.weft.gateway.cli;

import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.Governance;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A command on one proposal: governance through the chain, or through the organisation's gateway
 * API when {@code --gateway} names one (the chain connection still reads what the API does not serve).
 */
abstract class GovernanceCommand extends LedgerCommand {
    @Mixin GatewayApiOptions gateway;

    @Parameters(index = "0", paramLabel = "ID", description = "The proposal ID.")
    String proposalId;

    @Override
    final int run(ChainClient chain) throws Exception {
        try (GatewayApiClient api = gateway.enabled() ? gateway.connect(connection, config) : null) {
            return run(chain, api == null ? new Governance(chain) : GatewayApiOptions.governance(api, config, chain));
        }
    }

    /** The command's work on the proposal; returns its exit code. */
    abstract int run(ChainClient chain, Governance gov) throws Exception;
}
