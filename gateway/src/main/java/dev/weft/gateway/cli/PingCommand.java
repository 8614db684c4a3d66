package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Ping;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft chain ping}: submits system:Ping, waits for the commit, and reads
 * the transaction's chaincode event back from the event stream.
 */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = "Submit a ping, wait for its commit and receive its chaincode event.")
final class PingCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--message", defaultValue = "ping", description = "Text to send (default: ${DEFAULT-VALUE}).")
    String message;

    @Option(names = "--timeout", defaultValue = "PT60S", description = "How long to wait for the event.")
    Duration timeout;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            Ping.Result r = new Ping(chain).run(message, timeout);
            output.print(spec.commandLine().getOut(), r, String.format(
                    "committed %s in block %d; event %s received: %s",
                    r.transactionId(), r.blockNumber(), r.eventName(), r.eventPayload()));
        }
        return 0;
    }
}
