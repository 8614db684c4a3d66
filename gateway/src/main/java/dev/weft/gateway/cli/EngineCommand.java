package dev.weft.gateway.cli;

import picocli.CommandLine.Command;

/** {@code weft engine …}: run a standard compute engine, or call one. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Run or call a standard compute engine (S1.6); list a service center's engines (S0.7).",
        subcommands = {EngineServeCommand.class, EngineAdaptCommand.class, EngineCallCommand.class, EngineHealthCommand.class,
            EngineListCommand.class})
final class EngineCommand {
}
