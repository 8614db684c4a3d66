package dev.weft.gateway.cli;

import picocli.CommandLine.Command;

/** {@code weft gateway …}: the organisation's gateway daemon. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Run the organisation's gateway.",
        subcommands = {GatewayRunCommand.class})
final class GatewayCommand {
}
