package dev.weft.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
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

    @Test
    @DisplayName("endorsers whose simulations differ, and no chaincode refusal, read as ENDORSERS_DIVERGED (endorse again)")
    void divergedEndorsers() {
        String diverged = "ABORTED: failed to collect enough transaction endorsements, see attached details for more"
                + " info | Org3MSP: ProposalResponsePayloads do not match | Org2MSP: ProposalResponsePayloads do not"
                + " match";
        assertThat(ChainErrors.code(diverged)).isEqualTo(ChainException.ENDORSERS_DIVERGED);
        String refused = diverged + " | Org1MSP: chaincode response 500, FORBIDDEN: not a member";
        assertThat(ChainErrors.code(refused)).as("a chaincode's own code wins").isEqualTo("FORBIDDEN");
    }

    @Test
    @DisplayName("issue 9 item 10: the code is read from the chaincode's payload, not from other words of the report")
    void theCodeComesFromTheChaincodePayload() {
        String lagging = "ABORTED: failed to collect enough transaction endorsements, see attached details"
                + " (TIMEOUT_HINT: none) | Org3MSP: chaincode response 500, NOT_FOUND: task t1 does not exist"
                + " | Org2MSP: chaincode response 500, NOT_FOUND: task t1 does not exist";
        assertThat(ChainErrors.code(lagging)).isEqualTo("NOT_FOUND");
        assertThat(ChainErrors.code("UNAVAILABLE: io exception (peer unavailable)")).isNull();
        assertThat(ChainErrors.code("DEADLINE_EXCEEDED: MVCC_READ_CONFLICT: again")).isEqualTo("MVCC_READ_CONFLICT");
    }

    @Test
    @DisplayName("issue 8: a peer whose discovery has no endorsement plan yet is told apart, to be waited for")
    void noEndorsementPlanIsRecognised() {
        assertThat(ChainErrors.code("FAILED_PRECONDITION: no combination of peers can be derived which satisfy the"
                + " endorsement policy: No metadata was found for chaincode weft in channel weft"))
                .isEqualTo(ChainException.NO_ENDORSEMENT_PLAN);
        assertThat(ChainErrors.code("FAILED_PRECONDITION: no peers available to evaluate chaincode weft in channel"
                + " weft")).isEqualTo(ChainException.NO_ENDORSEMENT_PLAN);
    }

    @Test
    @DisplayName("issue 10 item 5: only Fabric's own \"chaincode response NNN, CODE: text\" is read as a chaincode's code")
    void onlyFabricsOwnPrefixCarriesACode() {
        assertThat(ChainErrors.codeIn("Org1MSP: chaincode response 500, DEFINITION_NOT_APPROVED: d1 | Org2MSP: x"))
                .isEqualTo("DEFINITION_NOT_APPROVED");
        assertThat(ChainErrors.reasonIn("Org1MSP: chaincode response 500, DEFINITION_NOT_APPROVED: d1 | Org2MSP: x"))
                .isEqualTo("DEFINITION_NOT_APPROVED: d1");
        assertThat(ChainErrors.reasonIn("the chaincode response 500, NOT_FOUND: quoted, not reported")).isNull();
        assertThat(ChainErrors.reasonIn("x: chaincode response 50, NOT_FOUND: short status")).isNull();
        assertThat(ChainErrors.reasonIn("x: chaincode response 500, NO: too short a code")).isNull();
        assertThat(ChainErrors.reasonIn("x: chaincode response 500, _BAD: starts with an underscore")).isNull();
    }
}
