package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.governance.DecisionWaiter;
import dev.weft.gateway.governance.Governance;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft proposal tally ID} (S2.3, S2.4): decides the proposal when its
 * outcome is certain or its deadline has passed — a passed proposal grants its
 * proposer the operation — and otherwise says what is missing. {@code --wait}
 * keeps checking on every vote until it can decide.
 */
@Command(name = "tally", mixinStandardHelpOptions = true,
        description = {"Decide a proposal once its outcome is certain (any member may).",
            "Exit 0 PASSED, 6 rejected/expired/cancelled, 7 still undecided."})
final class ProposalTallyCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Mixin GatewayApiOptions gateway;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The proposal ID.")
    String proposalId;

    @Option(names = "--wait", description = "Wait until it can be decided.")
    boolean waitForDecision;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ConnectionConfig user = connection.toConfig();
        try (ChainClient chain = ChainClient.connect(user);
                GatewayApiClient api = gateway.enabled() ? gateway.connect(connection, user) : null) {
            Governance gov = api == null ? new Governance(chain) : GatewayApiOptions.governance(api, user, chain);
            DecisionWaiter.Outcome o;
            try (DecisionWaiter w = DecisionWaiter.start(gov, proposalId, chain.blockHeight(), null)) {
                o = w.await(waitForDecision ? timeout : Duration.ZERO, ProposalCommand.progress(out, output));
            }
            JsonNode p = o.proposal();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("proposal", p);
            gov.findGrant(proposalId).ifPresent(g -> result.put("grant", g));
            String text = o.timedOut() ? "proposal " + proposalId + " is still undecided: "
                    + gov.tallyView(proposalId).path("decision").path("reason").asText()
                    : "proposal " + proposalId + " " + o.status() + ": " + p.path("decision").path("reason").asText()
                    + (o.passed() ? "\ngrant issued to " + p.path("proposer").asText() : "");
            output.print(out, result, text);
            return ProposalCommand.exitCode(o);
        }
    }
}
