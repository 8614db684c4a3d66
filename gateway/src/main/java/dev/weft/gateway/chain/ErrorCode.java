package dev.weft.gateway.chain;

import java.util.Optional;

/**
 * The chaincode's stable error codes, mirrored name for name from
 * {@code dev.weft.chaincode.ledger.ErrorCode} (ErrorCodeMirrorTest keeps the two
 * the same). Gateway code branches on these, never on a chain error's text:
 * {@code if (e.is(ErrorCode.NOT_FOUND)) ...}. {@link ChainErrors} is the one place
 * that reads a code out of what Fabric reports.
 */
public enum ErrorCode {
    BAD_REQUEST,
    TOO_LARGE,
    FORBIDDEN,
    NOT_FOUND,
    ALREADY_EXISTS,
    CONFLICT,
    INVALID_DEFINITION,
    EXPIRED,
    NOT_INITIALISED,
    DEFINITION_NOT_APPROVED,
    PARAMETER_NOT_ALLOWED,
    TARGET_FAILED,
    NOT_MASTER,
    STALE_EPOCH,
    MASTER_ALIVE,
    INVALID_EVIDENCE;

    /** The chaincode code named {@code name}, or empty for any other word (a validation code, a newer code). */
    public static Optional<ErrorCode> of(String name) {
        for (ErrorCode c : values()) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
