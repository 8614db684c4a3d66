package dev.weft.gateway.cli;

import picocli.CommandLine.Command;

/** {@code weft bench …}: benchmarks against the running network, raw Fabric side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Weft against raw Fabric on the running network.",
        subcommands = {BenchTasksCommand.class, BenchRecoveryCommand.class, BenchSoakCommand.class,
            BenchFailoverCommand.class, BenchEnginesCommand.class, BenchExchangeCommand.class,
            BenchScaleCommand.class})
final class BenchCommand {
}
