package dev.weft.engine.api;

import java.util.Locale;

/**
 * Thrown by a {@link ComputeUnit} when the task's input cannot be processed
 * (bad number, forbidden statement, missing parameter, an answer of the
 * heterogeneous engine that says the request is wrong). The execution ends
 * {@code FAILED} with this message, which the gateway reports on chain: keep
 * secrets and engine internals out of it.
 *
 * <pre>{@code
 * throw new UnitException("parameter 'values' holds '%s', not a number", token);
 * throw UnitException.coded("ENGINE_REJECTED", "engine answered %d", status);
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
                : String.format(Locale.ROOT, format, args)));
    }
}
