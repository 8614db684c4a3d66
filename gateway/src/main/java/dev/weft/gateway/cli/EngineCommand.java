package dev.weft.gateway.cli;

import dev.weft.gateway.engine.EngineException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code weft engine …}: run a standard compute engine, or call one. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Run or call a standard compute engine (S1.6); list a service center's engines (S0.7).",
        subcommands = {EngineServeCommand.class, EngineAdaptCommand.class, EngineCallCommand.class, EngineHealthCommand.class,
            EngineListCommand.class})
final class EngineCommand {

    /**
     * The exit code of a call the engine did not run: 3 for a bad request or an
     * operation it does not serve, 5 when it (or the unit) cannot be reached in
     * time, 1 otherwise.
     */
    static int exitCode(EngineException e, PrintWriter err) {
        err.printf("error: %s [%s]%n", e.getMessage(), e.reason());
        err.flush();
        return switch (e.reason()) {
            case BAD_REQUEST, UNKNOWN_OPERATION -> ExitCodes.BAD_INPUT;
            case UNIT_UNAVAILABLE, ENGINE_UNAVAILABLE, TIMEOUT -> ExitCodes.UNAVAILABLE;
            default -> 1;
        };
    }
}
