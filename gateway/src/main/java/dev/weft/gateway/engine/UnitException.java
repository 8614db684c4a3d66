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

    /**
     * A failure whose message starts with a stable code, {@code "CODE: text"}, as the
     * chaincode's refusals do, so whoever reads it on chain can branch on the code.
     */
    public static UnitException coded(String code, String format, Object... args) {
        return new UnitException(code + ": " + (args.length == 0 ? format
                : String.format(java.util.Locale.ROOT, format, args)));
    }
}
