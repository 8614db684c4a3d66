package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.routing.RolloutOperations;
import dev.weft.gateway.routing.RouteViews;
import dev.weft.gateway.routing.Routes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft rollout rollback asset --reason "error rate"}: every class back to
 * the old version, as a voted step; {@code --emergency} rolls back at once when
 * a passed step pre-approved an emergency rollback for the signer.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Send every class back to the old version (voted, or --emergency if pre-approved).")
final class RolloutRollbackCommand extends RolloutStepCommand {
    @Option(names = "--reason", defaultValue = "", description = "Why, for the route's history.")
    String reason;

    @Option(names = "--emergency", description = "Roll back now, without a vote (needs a pre-approval).")
    boolean emergency;

    @Override
    int run(ChainClient chain) throws InterruptedException {
        if (!emergency) {
            return super.run(chain);
        }
        var done = new Routes(chain).emergencyRollback(route, reason);
        print(done, "emergency rollback by " + done.path("by").asText()
                + "\n" + RouteViews.traffic(done.path("policy")).stripTrailing());
        return 0;
    }

    @Override
    ObjectNode operation() {
        return RolloutOperations.rollback(route, reason);
    }
}
