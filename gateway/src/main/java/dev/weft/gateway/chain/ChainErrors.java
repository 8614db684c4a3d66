package dev.weft.gateway.chain;

import io.grpc.Status;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;

/** The one place that turns fabric-gateway and gRPC errors into {@link ChainException}s. */
final class ChainErrors {
    private static final Pattern CODE = Pattern.compile("\\b([A-Z][A-Z_]{2,}): ");
    /** What a peer reports of a chaincode error: "chaincode response 500, CODE: text". */
    private static final Pattern CHAINCODE_REASON =
            Pattern.compile("chaincode response \\d+, ([A-Z][A-Z_]{2,}: [^|\\n]*?)\\s*(?:\\||$|\\n)");

    /** What the gateway peer says while its discovery knows no peers that serve a chaincode (issue 8). */
    private static final String NO_PLAN = "no combination of peers can be derived";
    private static final String NO_EVALUATOR = "no peers available to evaluate chaincode";

    private ChainErrors() {
    }

    static ChainException translate(ChainException.Stage stage, Exception e) {
        if (e instanceof ChainException ce) {
            return ce;
        }
        if (e instanceof CommitException ce) {
            return new ChainException(ChainException.Stage.COMMIT, ce.getCode().name(), ce.getTransactionId(),
                    "transaction " + ce.getTransactionId() + " was not committed: " + ce.getCode(), e);
        }
        String txId = null;
        ChainException.Stage actual = stage;
        if (e instanceof EndorseException ee) {
            txId = ee.getTransactionId();
            actual = ChainException.Stage.ENDORSE;
        } else if (e instanceof SubmitException se) {
            txId = se.getTransactionId();
            actual = ChainException.Stage.SUBMIT;
        }
        String detail = describe(e);
        return new ChainException(actual, code(detail), txId, detail, reasonIn(detail), e);
    }

    /** The chaincode's own "CODE: text" in a peer's error report, or null when there is none. */
    static String reasonIn(String text) {
        Matcher m = CHAINCODE_REASON.matcher(text == null ? "" : text);
        return m.find() ? m.group(1).trim() : null;
    }

    /**
     * The error code of a peer's report: the chaincode's own (from the payload of its
     * error response, as an endorser reported it) wins over any code-like word elsewhere
     * in the peers' text, such as a gRPC status or a log prefix.
     */
    static String code(String detail) {
        if (detail != null && (detail.contains(NO_PLAN) || detail.contains(NO_EVALUATOR))) {
            return ChainException.NO_ENDORSEMENT_PLAN;
        }
        String reason = reasonIn(detail);
        return reason != null ? codeIn(reason) : codeIn(detail);
    }

    private static String describe(Exception e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        if (e instanceof GatewayException ge) {
            ge.getDetails().forEach(d -> text.append(" | ").append(d.getMspId()).append(": ").append(d.getMessage()));
        }
        Status status = Status.fromThrowable(e);
        if (status.getCode() == Status.Code.UNAVAILABLE && text.indexOf("UNAVAILABLE") < 0) {
            text.append(" (peer unavailable)");
        }
        return text.toString();
    }

    static String codeIn(String text) {
        Matcher m = CODE.matcher(text == null ? "" : text);
        while (m.find()) {
            String candidate = m.group(1);
            if (!candidate.equals("ABORTED") && !candidate.equals("UNKNOWN") && !candidate.equals("UNAVAILABLE")
                    && !candidate.equals("FAILED_PRECONDITION") && !candidate.equals("DEADLINE_EXCEEDED")) {
                return candidate;
            }
        }
        return null;
    }

}
