package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.DecisionWaiter;
import dev.weft.gateway.governance.Governance;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft proposal tally ID} (S2.3, S2.4): decides the proposal when its
 * outcome is certain or its deadline has passed — a passed proposal grants its
 * proposer the operation — and otherwise says what is missing. {@code --wait}
 * keeps checking on every vote until it can decide.
 */
@Command(name = "tally", mixinStandardHelpOptions = true,
        description = {"Decide a proposal once its outcome is certain (any member may).",
            "Exit 0 PASSED, 6 rejected/expired/cancelled, 7 still undecided."})
final class ProposalTallyCommand extends GovernanceCommand {
    @Option(names = "--wait", description = "Wait until it can be decided.")
    boolean waitForDecision;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run(ChainClient chain, Governance gov) throws InterruptedException {
        PrintWriter out = out();
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
        print(result, text);
        return ProposalCommand.exitCode(o);
    }
}
