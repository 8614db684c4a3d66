package dev.weft.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code weft} command. Each subcommand parses its options, builds the
 * domain configuration and hands over; no domain logic lives here.
 */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Trusted off-chain work on Hyperledger Fabric.",
        subcommands = {
            ChainCommand.class,
            TaskCommand.class,
            GatewayCommand.class,
            EngineCommand.class,
            BenchCommand.class,
            ProposalCommand.class,
            RolloutCommand.class,
            ClusterCommand.class,
            InvokeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Weft {
    // gRPC logs through java.util.logging; its INFO chatter is not for CLI users. JUL keeps
    // loggers weakly, so the configured one must be held here or its level is lost.
    private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

    public static void main(String[] args) {
        GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Weft())
                .setExecutionExceptionHandler(new ExitCodes())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
