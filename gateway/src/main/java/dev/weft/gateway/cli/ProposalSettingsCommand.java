package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.json.Json;
import picocli.CommandLine.Command;

/** {@code weft proposal settings}: the governance settings in force (voters, threshold, quorum, periods). */
@Command(name = "settings", mixinStandardHelpOptions = true, description = "Show the governance settings.")
final class ProposalSettingsCommand extends LedgerCommand {
    @Override
    int run(ChainClient chain) {
        var settings = new Governance(chain).settings().orElseThrow(() -> new IllegalArgumentException(
                "governance is not bootstrapped; run weft proposal bootstrap --user Admin"));
        print(settings, Json.CONTRACT.write(settings));
        return 0;
    }
}
