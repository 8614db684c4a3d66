package dev.weft.gateway.chain;

import java.util.Optional;

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

    /**
     * The gateway peer's discovery knows no set of peers that serve the chaincode and
     * satisfy its endorsement policy (FAILED_PRECONDITION "no combination of peers can
     * be derived"): after a deploy, until gossip has told it which peers run the chaincode.
     */
    public static final String NO_ENDORSEMENT_PLAN = "NO_ENDORSEMENT_PLAN";

    /**
     * The endorsers' simulations differ ("ProposalResponsePayloads do not match"), no chaincode
     * refused: one of them had not committed the latest block yet. Nothing was sent to the orderer,
     * so the proposal may be endorsed again.
     */
    public static final String ENDORSERS_DIVERGED = "ENDORSERS_DIVERGED";

    private final Stage stage;
    private final String code;
    private final String transactionId;
    private final String reason;

    public ChainException(Stage stage, String code, String transactionId, String message, Throwable cause) {
        this(stage, code, transactionId, message, null, cause);
    }

    /**
     * {@code reason} is the chaincode's own {@code CODE: text} when the failure
     * came from the chaincode; the message keeps the whole report of the peers.
     */
    public ChainException(Stage stage, String code, String transactionId, String message, String reason,
            Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.code = code == null ? "UNKNOWN" : code;
        this.transactionId = transactionId;
        this.reason = reason;
    }

    /**
     * A failure at {@code stage} as a ChainException, its chaincode code read from the
     * peers' reports: for clients that reach the chain through another hop (the gateway API).
     */
    public static ChainException of(Stage stage, Exception e) {
        return ChainErrors.translate(stage, e);
    }

    /** The chaincode's {@code CODE: text} for people to read, else the whole message. */
    public String reason() {
        return reason != null ? reason : getMessage();
    }

    public Stage stage() {
        return stage;
    }

    /** The chaincode's error code or the commit's validation code. */
    public String code() {
        return code;
    }

    /** The chaincode's error code, or empty when the failure did not come from the chaincode. */
    public Optional<ErrorCode> errorCode() {
        return ErrorCode.of(code);
    }

    /** Whether the chaincode refused with one of {@code codes}. */
    public boolean is(ErrorCode... codes) {
        for (ErrorCode c : codes) {
            if (c.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    public String transactionId() {
        return transactionId;
    }

    /** MVCC and phantom conflicts: retrying the same request may succeed. */
    public boolean isConflict() {
        return code.equals("MVCC_READ_CONFLICT") || code.equals("PHANTOM_READ_CONFLICT");
    }
}
