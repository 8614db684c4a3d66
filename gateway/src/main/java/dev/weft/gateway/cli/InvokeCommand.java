package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.routing.Invoker;
import dev.weft.gateway.routing.RouteViews;
import dev.weft.gateway.routing.TrafficClass;
import dev.weft.gateway.routing.TrafficRun;
import dev.weft.gateway.routing.TransactionEndorsers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft invoke --logical asset --class gray CreateAsset a1 alice 10}: calls a
 * logical name the way its routing policy says (S2.7–S2.9) and shows where the
 * call went. A chaincode route goes through the router, which picks the version;
 * a node-logic route is endorsed only by the organisations running the logic of
 * its class. {@code --repeat N} makes N calls ({@code {i}} in the key and
 * arguments becomes the call's number) and counts where they landed.
 * Exit 4 when the version refused the call.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Call a logical chaincode through its routing policy and show which version served it.")
final class InvokeCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Option(names = "--logical", required = true, paramLabel = "NAME", description = "The logical name (route).")
    String route;

    @Option(names = "--class", defaultValue = "auto", paramLabel = "CLASS",
            description = "test, gray, production, or auto: let the gray rule decide (default: ${DEFAULT-VALUE}).")
    TrafficClass trafficClass;

    @Option(names = "--routing-key", description = "Routing key; the same key always lands on the same version "
            + "(default: your identity).")
    String routingKey;

    @Option(names = "--evaluate", description = "Read without a transaction (route:Query; not counted in stats).")
    boolean evaluate;

    @Option(names = "--target-chaincode", description = "Node-logic routes: the chaincode to call (default: the profile's).")
    String chaincode;

    @Option(names = "--endorsing-orgs", split = ",", paramLabel = "MSP",
            description = "Node-logic routes: have these organisations endorse instead of those the policy names "
                    + "(an operator's override; a node-logic chaincode refuses a call misrouted so, S2.9).")
    List<String> endorsingOrgs;

    @Option(names = "--verify-endorsers", description = "Read the committed transaction back and print which "
            + "organisations endorsed it (node-logic routes choose them).")
    boolean verifyEndorsers;

    @Option(names = "--repeat", defaultValue = "1", description = "Make this many calls ({i} = 1..N).")
    int repeat;

    @Option(names = "--parallel", defaultValue = "4", description = "With --repeat: calls in flight at once "
            + "(default: ${DEFAULT-VALUE}).")
    int parallel;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "The function of the target chaincode.")
    String function;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Its arguments.")
    List<String> args;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Invoker.Request request = new Invoker.Request(route, trafficClass, routingKey, function, args, evaluate,
                chaincode, endorsingOrgs);
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            Invoker invoker = new Invoker(chain);
            if (repeat > 1) {
                TrafficRun.Summary s = TrafficRun.run(invoker, request, repeat, parallel);
                output.print(out, s, RouteViews.landings(s).stripTrailing());
                return s.refused() == 0 ? 0 : ExitCodes.REFUSED;
            }
            Invoker.Result r = invoker.call(request);
            if (verifyEndorsers && r.transactionId() != null && r.ok()) {
                List<String> endorsers = TransactionEndorsers.of(chain, r.transactionId());
                output.print(out, java.util.Map.of("call", r, "endorsers", endorsers), RouteViews.call(r)
                        .stripTrailing() + "\n  endorsed by " + String.join(", ", endorsers)
                        + " (read back from the committed transaction)");
            } else {
                output.print(out, r, RouteViews.call(r).stripTrailing());
            }
            return r.ok() ? 0 : ExitCodes.REFUSED;
        }
    }
}
