package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.routing.RolloutOperations;
import dev.weft.gateway.routing.RouteViews;
import dev.weft.gateway.routing.Routes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft rollout rollback asset --reason "error rate"}: every class back to
 * the old version, as a voted step; {@code --emergency} rolls back at once when
 * a passed step pre-approved an emergency rollback for the signer.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Send every class back to the old version (voted, or --emergency if pre-approved).")
final class RolloutRollbackCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Mixin RolloutStepOptions step;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The logical name (route).")
    String route;

    @Option(names = "--reason", defaultValue = "", description = "Why, for the route's history.")
    String reason;

    @Option(names = "--emergency", description = "Roll back now, without a vote (needs a pre-approval).")
    boolean emergency;

    @Override
    public Integer call() throws InterruptedException {
        if (!emergency) {
            return RolloutCommand.run(connection, output, step, spec.commandLine().getOut(), route,
                    RolloutOperations.rollback(route, reason));
        }
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            var done = new Routes(chain).emergencyRollback(route, reason);
            output.print(spec.commandLine().getOut(), done, "emergency rollback by " + done.path("by").asText()
                    + "\n" + RouteViews.traffic(done.path("policy")).stripTrailing());
            return 0;
        }
    }
}
