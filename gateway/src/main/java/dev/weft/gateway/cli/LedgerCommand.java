package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that opens one connection to the chain as the user the options name, does its work
 * through it and prints in the chosen format. Subclasses add their own options and implement
 * {@link #run(ChainClient)}; picocli reads the options declared here for every subclass.
 */
abstract class LedgerCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    /** The connection settings of this call, set before {@link #run(ChainClient)}. */
    ConnectionConfig config;

    @Override
    public final Integer call() throws Exception {
        config = connection.toConfig();
        try (ChainClient chain = ChainClient.connect(config)) {
            return run(chain);
        }
    }

    /** The command's work; returns its exit code. */
    abstract int run(ChainClient chain) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints {@code json} as JSON or {@code text} as text, as the output options say. */
    void print(Object json, String text) {
        output.print(out(), json, text);
    }
}
