package dev.weft.gateway.engine;

/**
 * Thrown by a {@link ComputeUnit} when the task's input cannot be processed
 * (bad number, forbidden statement, missing parameter). The execution ends
 * {@code FAILED} with this message, which the gateway reports on chain.
 *
 * <pre>{@code
 * throw new UnitException("parameter 'values' holds '%s', not a number", token);
 * }</pre>
 */
public final class UnitException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnitException(String format, Object... args) {
        super(args.length == 0 ? format : String.format(format, args));
    }

    public UnitException(String message, Throwable cause) {
        super(message, cause);
    }
}
