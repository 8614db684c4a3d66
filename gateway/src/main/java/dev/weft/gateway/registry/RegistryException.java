package dev.weft.gateway.registry;

import java.util.Objects;

/**
 * A service-center request that was refused, or a call that did not reach the
 * center; the {@link Reason} says which.
 *
 * <pre>{@code
 * try {
 *     registry.register(registration);
 * } catch (RegistryException e) {
 *     if (e.reason() == RegistryException.Reason.UNAVAILABLE) { ... try again later ... }
 * }
 * }</pre>
 */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** Malformed: blank names, a unit without operations, duplicate unit names. */
        INVALID_REQUEST,
        /** The framework name is registered, available, from another endpoint. */
        CONFLICT,
        /** The framework name is bound to another caller's certificate. */
        FORBIDDEN,
        /** The service center holds as many frameworks as it takes. */
        FULL,
        /** The service center could not be reached, or did not answer in time. */
        UNAVAILABLE,
        /** Anything else. */
        INTERNAL
    }

    private final Reason reason;

    public RegistryException(Reason reason, String message) {
        this(reason, message, null);
    }

    public RegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
