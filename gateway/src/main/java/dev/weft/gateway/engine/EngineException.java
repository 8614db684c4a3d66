package dev.weft.gateway.engine;

import java.util.Objects;

/**
 * A request the engine did not run, or a call that did not reach it. The
 * {@link Reason} says what the scheduler should do next.
 *
 * <pre>{@code
 * try {
 *     response = client.execute(request);
 * } catch (EngineException e) {
 *     if (e.reason().reschedule()) { ... send it to another engine (S0.6, S0.9) ... }
 * }
 * }</pre>
 */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the request was not run. */
    public enum Reason {
        /** The request is malformed (missing IDs, send mode, corrupt input digest). */
        BAD_REQUEST(false),
        /** No unit of this engine serves the operation (S0.5). */
        UNKNOWN_OPERATION(true),
        /** The unit that serves the operation is down (S0.9, S0.10). */
        UNIT_UNAVAILABLE(true),
        /** The engine could not be reached or is stopping (S0.7). */
        ENGINE_UNAVAILABLE(true),
        /** No answer within the deadline; resend to attach to the running execution (S0.8). */
        TIMEOUT(false),
        /** The engine answered with a result whose digest does not match its bytes. */
        BAD_RESPONSE(true),
        /** Anything else the engine reported. */
        INTERNAL(false);

        private final boolean reschedule;

        Reason(boolean reschedule) {
            this.reschedule = reschedule;
        }

        /** Whether another engine (or unit) may succeed where this one did not. */
        public boolean reschedule() {
            return reschedule;
        }
    }

    private final Reason reason;

    public EngineException(Reason reason, String message) {
        this(reason, message, null);
    }

    public EngineException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
