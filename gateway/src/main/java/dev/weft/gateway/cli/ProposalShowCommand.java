package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.ProposalViews;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft proposal show ID}: the proposal, its rule, the votes cast, the decision and the grant. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a proposal, its votes and its grant.")
final class ProposalShowCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The proposal ID.")
    String proposalId;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            Governance gov = new Governance(chain);
            JsonNode p = gov.proposal(proposalId);
            JsonNode tally = gov.tallyView(proposalId);
            JsonNode grant = gov.findGrant(proposalId).orElse(null);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("proposal", p);
            result.put("tally", tally);
            result.put("grant", grant);
            output.print(spec.commandLine().getOut(), result, ProposalViews.proposal(p, tally, grant).stripTrailing());
            return 0;
        }
    }
}
