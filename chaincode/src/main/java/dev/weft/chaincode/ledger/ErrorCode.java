package dev.weft.chaincode.ledger;

/**
 * Stable error codes. The code's name is the payload of every
 * {@link org.hyperledger.fabric.shim.ChaincodeException} the chaincode throws,
 * so clients branch on it instead of parsing messages. Never rename a code.
 */
public enum ErrorCode {
    /** Arguments that are not what the function takes: malformed JSON, missing fields. */
    BAD_REQUEST,
    /** A value larger than the limit for its kind. */
    TOO_LARGE,
    /** The caller's identity may not perform this operation. */
    FORBIDDEN,
    /** An ID that names nothing on the ledger. */
    NOT_FOUND,
    /** Something that may happen once, attempted again. */
    ALREADY_EXISTS,
    /** The operation does not apply in the current state of its object. */
    CONFLICT,
    /** A task definition whose graph is not a DAG or names unknown things. */
    INVALID_DEFINITION,
    /** The deadline or expiry of the object has passed. */
    EXPIRED,
    /** The channel's member list has not been set yet. */
    NOT_INITIALISED,
    /**
     * A task of a definition that not every participant organisation has approved
     * in its current content (issue 9 item 1).
     */
    DEFINITION_NOT_APPROVED,
    /** A task parameter its definition does not let a creator set, or outside its declared bounds. */
    PARAMETER_NOT_ALLOWED,
    /** The version a route resolved to refused the call or could not be run; nothing of the call is written. */
    TARGET_FAILED,
    /**
     * A write for an organisation with a gateway cluster from an identity that is not
     * that cluster's current master (S4 fencing).
     */
    NOT_MASTER,
    /** An epoch that is not the cluster's current master epoch: the caller's view of the master is old. */
    STALE_EPOCH,
    /** A takeover while the current master's keepalive has not aged out on chain. */
    MASTER_ALIVE,
    /**
     * A consensus-error report whose evidence does not show what it claims: the subtask
     * attempt did not end in a recorded disagreement with exactly one dissenting organisation
     * (S4.7).
     */
    INVALID_EVIDENCE
}
