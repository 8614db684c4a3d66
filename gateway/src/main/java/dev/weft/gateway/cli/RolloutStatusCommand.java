package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.ProposalViews;
import dev.weft.gateway.routing.RouteViews;
import dev.weft.gateway.routing.Routes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft rollout status asset}: the phase, where each traffic class goes,
 * each version's calls and errors (per class), open proposals on the route and,
 * with {@code --history}, every change so far.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show where traffic goes, each version's calls and errors, and open steps.")
final class RolloutStatusCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The logical name (route).")
    String route;

    @Option(names = "--since", defaultValue = "", description = "Count calls from this instant on (ISO-8601).")
    String since;

    @Option(names = "--history", description = "Also list every change of the route.")
    boolean history;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            Routes routes = new Routes(chain);
            JsonNode policy = routes.requirePolicy(route);
            JsonNode stats = routes.stats(route, since);
            List<JsonNode> open = new Governance(chain).proposals(Governance.OPEN, 200, "", true).items().stream()
                    .filter(p -> route.equals(p.path("operation").path("target").asText())).toList();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("policy", policy);
            result.put("stats", stats);
            result.put("openProposals", open);
            StringBuilder text = new StringBuilder(RouteViews.traffic(policy)).append("calls per version:\n")
                    .append(RouteViews.stats(stats));
            if (!open.isEmpty()) {
                text.append("open steps:\n").append(ProposalViews.list(open).indent(2));
            }
            if (history) {
                JsonNode changes = routes.history(route);
                result.put("history", changes);
                text.append("history:\n").append(RouteViews.history(changes));
            }
            output.print(spec.commandLine().getOut(), result, text.toString().stripTrailing());
            return 0;
        }
    }
}
