package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.Governance;
import picocli.CommandLine.Command;

/** {@code weft proposal cancel ID}: the proposer withdraws an open proposal; nothing is granted. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Withdraw your open proposal.")
final class ProposalCancelCommand extends GovernanceCommand {
    @Override
    int run(ChainClient chain, Governance gov) {
        Governance.Submitted s = gov.cancel(proposalId);
        print(s.value(), "cancelled proposal " + proposalId + " in block " + s.blockNumber());
        return 0;
    }
}
