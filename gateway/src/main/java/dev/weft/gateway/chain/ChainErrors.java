package dev.weft.gateway.chain;

import io.grpc.Status;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The one place that turns fabric-gateway and gRPC errors into {@link ChainException}s,
 * and the one place that reads a chaincode's error code.
 *
 * <p>How the code arrives: the chaincode's {@code WeftException} carries the code as its
 * response payload and as the head of its message ({@code "CODE: text"}). Fabric's
 * gateway service uses the payload only to tell a chaincode's error from the peer's own,
 * and forwards the message alone: each endorser's {@code ErrorDetail} (address, MSP ID,
 * message) says {@code "chaincode response 500, CODE: text"}, and an evaluate failure
 * says the same after {@code "evaluate call to endorser returned error: "}. So the code is
 * read here from that text, by a plain parse anchored on Fabric's own prefix, and turned
 * into an {@link ErrorCode}; everything else in the gateway branches on the enum.
 */
final class ChainErrors {
    /** How a peer reports a chaincode's error: {@code "chaincode response 500, CODE: text"}. */
    private static final String CHAINCODE_RESPONSE = "chaincode response ";

    /**
     * Codes Fabric itself writes into an error's text when no chaincode refused: validation
     * codes of a transaction, and gRPC statuses other than the five that only say the call
     * as a whole failed.
     */
    private static final Set<String> FABRIC_CODES = Stream.concat(
                    Arrays.stream(TxValidationCode.values()).filter(c -> c != TxValidationCode.UNRECOGNIZED)
                            .map(Enum::name),
                    Arrays.stream(Status.Code.values()).map(Enum::name))
            .filter(c -> !Set.of("ABORTED", "UNKNOWN", "UNAVAILABLE", "FAILED_PRECONDITION", "DEADLINE_EXCEEDED")
                    .contains(c))
            .collect(Collectors.toUnmodifiableSet());

    /** What the gateway peer says while its discovery knows no peers that serve a chaincode (issue 8). */
    private static final String NO_PLAN = "no combination of peers can be derived";
    private static final String NO_EVALUATOR = "no peers available to evaluate chaincode";
    /** What the gateway peer says when the endorsers' simulations differ. */
    private static final String DIVERGED = "ProposalResponsePayloads do not match";

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

    /** The chaincode's own "CODE: text" in a peer's error report (the first endorser's), or null. */
    static String reasonIn(String text) {
        Reason r = firstReason(text);
        return r == null ? null : r.code() + ": " + r.text();
    }

    private record Reason(String code, String text) {
    }

    /**
     * The first {@code "chaincode response NNN, CODE: text"} in {@code text} that starts the text
     * or follows {@code ": "}: CODE is an upper-case word of three or more letters and
     * underscores, the text runs to the next {@code " | "} (the next endorser) or line end.
     */
    private static Reason firstReason(String text) {
        if (text == null) {
            return null;
        }
        for (int at = text.indexOf(CHAINCODE_RESPONSE); at >= 0; at = text.indexOf(CHAINCODE_RESPONSE, at + 1)) {
            if (at != 0 && !text.startsWith(": ", at - 2)) {
                continue;
            }
            int status = at + CHAINCODE_RESPONSE.length();
            if (!digits(text, status, 3) || !text.startsWith(", ", status + 3)) {
                continue;
            }
            int codeStart = status + 5;
            int codeEnd = codeStart;
            while (codeEnd < text.length() && (Character.isUpperCase(text.charAt(codeEnd))
                    || (codeEnd > codeStart && text.charAt(codeEnd) == '_'))) {
                codeEnd++;
            }
            if (codeEnd - codeStart < 3 || !text.startsWith(": ", codeEnd)) {
                continue;
            }
            int textEnd = codeEnd + 2;
            while (textEnd < text.length() && text.charAt(textEnd) != '|' && text.charAt(textEnd) != '\n') {
                textEnd++;
            }
            return new Reason(text.substring(codeStart, codeEnd), text.substring(codeEnd + 2, textEnd).trim());
        }
        return null;
    }

    private static boolean digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The error code of a peer's report: the chaincode's own wins over anything else in
     * the peers' text; then the gateway peer's "no endorsement plan" or endorsers that
     * diverged; then a validation code or gRPC status Fabric wrote; else null.
     */
    static String code(String detail) {
        if (detail != null && (detail.contains(NO_PLAN) || detail.contains(NO_EVALUATOR))) {
            return ChainException.NO_ENDORSEMENT_PLAN;
        }
        if (detail != null && detail.contains(DIVERGED) && firstReason(detail) == null) {
            return ChainException.ENDORSERS_DIVERGED;
        }
        return codeIn(detail);
    }

    /** The chaincode's code in {@code text}, else the first code of Fabric's own that it names. */
    static String codeIn(String text) {
        Reason r = firstReason(text);
        if (r != null) {
            return r.code();
        }
        return text == null ? null : fabricCodeIn(text);
    }

    /** The first word before a {@code ": "} that is one of {@link #FABRIC_CODES}. */
    private static String fabricCodeIn(String text) {
        for (int colon = text.indexOf(": "); colon >= 0; colon = text.indexOf(": ", colon + 1)) {
            int start = colon;
            while (start > 0 && (Character.isUpperCase(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
                start--;
            }
            boolean wordStart = start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1));
            String word = text.substring(start, colon);
            if (wordStart && FABRIC_CODES.contains(word)) {
                return word;
            }
        }
        return null;
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
}
