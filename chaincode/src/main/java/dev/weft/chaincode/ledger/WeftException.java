package dev.weft.chaincode.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The one exception contracts throw. Its message is "CODE: text" and its payload
 * the code's name, so both {@code peer chaincode invoke} users and gateway
 * clients see the stable code.
 */
public final class WeftException extends ChaincodeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public WeftException(ErrorCode code, String message) {
        super(code.name() + ": " + message, code.name().getBytes(StandardCharsets.UTF_8));
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static WeftException of(ErrorCode code, String format, Object... args) {
        return new WeftException(code, String.format(Locale.ROOT, format, args));
    }
}
