package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code weft chain version}: evaluates system:Version. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Show the deployed chaincode version.")
final class VersionCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            String json = chain.evaluateText("system:Version");
            output.print(spec.commandLine().getOut(), Json.PLAIN.mapper().readTree(json), json);
        }
        return 0;
    }
}
