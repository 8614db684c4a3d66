package dev.weft.engine.api;

/**
 * The unit itself failed (S0.9), not the task: the heterogeneous engine died
 * mid-job, answered with a server error, could not be reached, or did not finish
 * in time. The execution ends {@code FAILED} with {@code unit_fault}; it is no
 * result, and the next send of the attempt runs it again, here or on another unit.
 * Any exception other than {@link UnitException} means the same; this one says so
 * on purpose and carries a stable code.
 *
 * <pre>{@code
 * throw new UnitFault("ENGINE_DIED", "program exited on signal 9");
 * }</pre>
 */
public final class UnitFault extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public UnitFault(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public UnitFault(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** The stable code, e.g. {@code ENGINE_DIED}, {@code ENGINE_TIMEOUT}, {@code ENGINE_UNREACHABLE}. */
    public String code() {
        return code;
    }
}
