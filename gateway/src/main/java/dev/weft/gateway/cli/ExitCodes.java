package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.engine.EngineException;
import dev.weft.gateway.registry.RegistryException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Exit codes that mean something to a script:
 * 0 done; 2 usage (picocli); 3 bad input or configuration; 4 the chain refused
 * the request (the chaincode's code is printed); 5 the network could not be
 * reached or did not commit in time; 1 anything else.
 * {@code weft task create --wait} and {@code status --watch}: 6 the task FAILED,
 * 7 the wait timed out first. {@code weft bench …}: 8 work was lost (not completed when it gave up).
 * The one mapper of every command's failures: chain refusals and outages ({@link ChainException}),
 * an engine's ({@link EngineException}) and a service center's ({@link RegistryException}) reasons.
 */
public final class ExitCodes implements IExecutionExceptionHandler {
    public static final int BAD_INPUT = 3;
    public static final int REFUSED = 4;
    public static final int UNAVAILABLE = 5;
    /** {@code weft task create --wait}, {@code weft task status --watch}: the task ended FAILED. */
    public static final int TASK_FAILED = 6;
    /** {@code weft task create --wait}, {@code weft task status --watch}: the wait timed out first. */
    public static final int TASK_TIMED_OUT = 7;
    /** {@code weft bench recovery} and {@code soak}: subtasks were lost (still awaited when it gave up). */
    public static final int LOST = 8;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof ChainException ce) {
            err.printf("error: %s [%s, %s]%n", ce.reason(), ce.code(), ce.stage());
            return switch (ce.stage()) {
                case CONNECT, EVENTS -> UNAVAILABLE;
                case COMMIT -> ce.isConflict() ? UNAVAILABLE : REFUSED;
                default -> ce.code().equals("UNKNOWN") || ce.code().equals(ChainException.NO_ENDORSEMENT_PLAN)
                        ? UNAVAILABLE : REFUSED;
            };
        }
        if (ex instanceof EngineException ee) {
            err.printf("error: %s [%s]%n", ee.getMessage(), ee.reason());
            return switch (ee.reason()) {
                case BAD_REQUEST, UNKNOWN_OPERATION -> BAD_INPUT;
                case UNIT_UNAVAILABLE, ENGINE_UNAVAILABLE, TIMEOUT -> UNAVAILABLE;
                case BAD_RESPONSE, INTERNAL -> 1;
            };
        }
        if (ex instanceof RegistryException re) {
            err.printf("error: %s [%s]%n", re.getMessage(), re.reason());
            return switch (re.reason()) {
                case UNAVAILABLE -> UNAVAILABLE;
                case INVALID_REQUEST, CONFLICT, FULL -> BAD_INPUT;
                case FORBIDDEN -> REFUSED;
                case INTERNAL -> 1;
            };
        }
        if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException) {
            err.println("error: " + ex.getMessage());
            return BAD_INPUT;
        }
        err.println("error: " + ex);
        return 1;
    }
}
