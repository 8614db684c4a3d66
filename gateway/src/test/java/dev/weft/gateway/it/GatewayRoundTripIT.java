package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.Ping;
import dev.weft.gateway.cli.Weft;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** fabric-gateway submit, commit status and chaincode event on the real channel. */
@ExtendWith(RealNetwork.class)
class GatewayRoundTripIT {

    @Test
    void submitWaitsForTheCommitAndTheEventArrives() {
        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            Ping.Result r = new Ping(chain).run("round trip", Duration.ofSeconds(60));
            assertThat(r.status()).isEqualTo("VALID");
            assertThat(r.blockNumber()).isPositive();
            assertThat(r.eventName()).isEqualTo("weft.ping");
            assertThat(r.eventPayload()).contains("\"txId\":\"" + r.transactionId() + "\"")
                    .contains("\"mspId\":\"Org1MSP\"").contains("round trip");
            assertThat(chain.evaluateText("system:GetPing", r.transactionId())).isEqualTo(r.eventPayload());
        }
    }

    @Test
    void aRefusedSubmissionCarriesTheChaincodesErrorCode() {
        try (ChainClient chain = RealNetwork.client("org2", "User1")) {
            assertThatThrownBy(() -> chain.submit("system:Ping", "x".repeat(5000)))
                    .isInstanceOfSatisfying(ChainException.class, e -> {
                        assertThat(e.code()).isEqualTo("TOO_LARGE");
                        assertThat(e.stage()).isEqualTo(ChainException.Stage.ENDORSE);
                    });
        }
    }

    @Test
    void cliPingReportsTheCommittedTransactionAndTheReceivedEvent() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Weft.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("chain", "ping", "--profile",
                RealNetwork.profilePath("org3").toString(), "--output", "json");
        assertThat(code).as(out.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("status").asText()).isEqualTo("VALID");
        assertThat(json.path("transactionId").asText()).hasSize(64);
        assertThat(json.path("eventName").asText()).isEqualTo("weft.ping");
        assertThat(json.path("eventPayload").asText()).contains("Org3MSP");
    }
}
