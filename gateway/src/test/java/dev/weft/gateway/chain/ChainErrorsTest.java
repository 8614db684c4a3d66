package dev.weft.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the CLI prints of a chain failure: the chaincode's stable code and text, not gRPC's wrapping. */
class ChainErrorsTest {
    // As fabric-gateway reports a chaincode error: its own message, then one detail per peer.
    private static final String EVALUATE = "UNKNOWN: evaluate call to endorser returned error: chaincode response 500,"
            + " NOT_FOUND: task nope does not exist | Org2MSP: chaincode response 500, NOT_FOUND: task nope does not exist";
    private static final String ENDORSE = "ABORTED: failed to endorse transaction, see attached details for more info"
            + " | Org1MSP: chaincode response 500, FORBIDDEN: Org3MSP may not vote in slot org:Org1MSP"
            + " | Org2MSP: chaincode response 500, FORBIDDEN: Org3MSP may not vote in slot org:Org1MSP";

    @Test
    void theChaincodesCodeAndTextAreFoundInAnEvaluateFailure() {
        assertThat(ChainErrors.reasonIn(EVALUATE)).isEqualTo("NOT_FOUND: task nope does not exist");
        assertThat(ChainErrors.codeIn(EVALUATE)).isEqualTo("NOT_FOUND");
    }

    @Test
    void theFirstPeersReasonIsTakenFromAnEndorsementFailure() {
        assertThat(ChainErrors.reasonIn(ENDORSE)).isEqualTo("FORBIDDEN: Org3MSP may not vote in slot org:Org1MSP");
        assertThat(ChainErrors.codeIn(ENDORSE)).isEqualTo("FORBIDDEN");
    }

    @Test
    void aFailureWithoutAChaincodeReasonKeepsItsWholeMessage() {
        String unreachable = "UNAVAILABLE: io exception (peer unavailable)";
        assertThat(ChainErrors.reasonIn(unreachable)).isNull();
        ChainException e = new ChainException(ChainException.Stage.EVALUATE, null, null, unreachable,
                ChainErrors.reasonIn(unreachable), null);
        assertThat(e.reason()).isEqualTo(unreachable);
        assertThat(e.code()).isEqualTo("UNKNOWN");
    }
}
