package dev.weft.gateway.cli;

import picocli.CommandLine.Command;

/** {@code weft chain …}: direct calls that check the path to the channel. */
@Command(name = "chain", mixinStandardHelpOptions = true, description = "Check the connection to the channel.",
        subcommands = {PingCommand.class, VersionCommand.class, DiscoveryCommand.class, ChainScanCommand.class})
final class ChainCommand {
}
