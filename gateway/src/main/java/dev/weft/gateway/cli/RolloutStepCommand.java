package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A rollout command that proposes one step on a route and follows it (vote, execution). */
abstract class RolloutStepCommand extends LedgerCommand {
    @Mixin RolloutStepOptions step;

    @Parameters(index = "0", paramLabel = "NAME", description = "The logical name (route).")
    String route;

    @Override
    int run(ChainClient chain) throws InterruptedException {
        return RolloutCommand.run(chain, output, step, out(), route, operation());
    }

    /** The operation to propose; null continues the route's pending step. */
    abstract ObjectNode operation();
}
