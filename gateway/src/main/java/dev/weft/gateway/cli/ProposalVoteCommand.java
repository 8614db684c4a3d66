package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.ProposalViews;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft proposal vote ID yes|no|abstain} (S2.3): votes in every voter slot
 * the signer holds — its organisation's if it is an admin of it, and its own if
 * it is a named voter. Each vote is its own key, so votes never conflict. With
 * {@code --gateway} the vote goes through the organisation's gateway API, signed
 * here with the user's key (S2.6).
 */
@Command(name = "vote", mixinStandardHelpOptions = true,
        description = "Vote on a proposal: as your organisation (with --user Admin) and/or as a named voter.")
final class ProposalVoteCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Mixin GatewayApiOptions gateway;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The proposal ID.")
    String proposalId;

    @Parameters(index = "1", paramLabel = "CHOICE", description = "yes, no or abstain.")
    Governance.Choice choice;

    @Override
    public Integer call() {
        ConnectionConfig user = connection.toConfig();
        if (gateway.enabled()) {
            try (GatewayApiClient api = gateway.connect(connection, user)) {
                return print(GatewayApiOptions.governance(api, user, null).vote(proposalId, choice));
            }
        }
        try (ChainClient chain = ChainClient.connect(user)) {
            return print(new Governance(chain).vote(proposalId, choice));
        }
    }

    private int print(Governance.Submitted s) {
        List<String> slots = new ArrayList<>();
        for (JsonNode v : s.value()) {
            slots.add(ProposalViews.slot(v.path("voter").asText()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("transactionId", s.transactionId());
        result.put("blockNumber", s.blockNumber());
        result.put("attempts", s.attempts());
        result.put("votes", s.value());
        output.print(spec.commandLine().getOut(), result, String.format("voted %s on proposal %s as %s in block %d",
                choice, proposalId, String.join(", ", slots), s.blockNumber()));
        return 0;
    }
}
