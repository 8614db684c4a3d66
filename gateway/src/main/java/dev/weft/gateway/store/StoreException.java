package dev.weft.gateway.store;

/**
 * A failed store operation. The write it belonged to was rolled back as a whole;
 * the cause is the driver's {@link java.sql.SQLException}.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
