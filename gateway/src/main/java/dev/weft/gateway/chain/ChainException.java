package dev.weft.gateway.chain;

/**
 * A failed chain call, at the stage it failed (endorse, submit, commit,
 * evaluate, events) with the chaincode's stable error code when there is one
 * (e.g. {@code FORBIDDEN}), or the validation code of a rejected transaction
 * (e.g. {@code MVCC_READ_CONFLICT}).
 */
public final class ChainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Where in the life of a transaction the failure happened. */
    public enum Stage { CONNECT, ENDORSE, SUBMIT, COMMIT, EVALUATE, EVENTS }

    private final Stage stage;
    private final String code;
    private final String transactionId;

    public ChainException(Stage stage, String code, String transactionId, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.code = code == null ? "UNKNOWN" : code;
        this.transactionId = transactionId;
    }

    public Stage stage() {
        return stage;
    }

    /** The chaincode's error code or the commit's validation code. */
    public String code() {
        return code;
    }

    public String transactionId() {
        return transactionId;
    }

    /** MVCC and phantom conflicts: retrying the same request may succeed. */
    public boolean isConflict() {
        return code.equals("MVCC_READ_CONFLICT") || code.equals("PHANTOM_READ_CONFLICT");
    }
}
