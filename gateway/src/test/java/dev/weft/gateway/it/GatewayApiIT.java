package dev.weft.gateway.it;

import static dev.weft.gateway.it.GovernanceNetwork.cli;
import static dev.weft.gateway.it.GovernanceNetwork.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.bench.RecoveryProcess;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.gateway.v1.Notice;
import dev.weft.proto.gateway.v1.WatchNoticesRequest;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * S2.6 on the real channel: Org2's gateway runs as its own process with the
 * gRPC API on (signing as Org2's Admin); Org2's User2, a named voter, follows its
 * notices through that API and votes through it. The vote request reaches the
 * user through the gateway's stream, and the committed vote transaction (read
 * back from the ledger) was created and signed by User2's own key: its creator is
 * User2's enrolment certificate, its envelope signature verifies with that
 * certificate, and the gateway's own identity appears nowhere in it.
 */
@ExtendWith(RealNetwork.class)
class GatewayApiIT {
    private static final String VOTER = "User2";

    @BeforeAll
    static void governance() {
        GovernanceNetwork.settings();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String propose(String route, String voterId) {
        GovernanceNetwork.Run p = cli("proposal", "create", "--type", "SWITCH", "--target", route, "--params", "{}",
                "--voter-org", "Org1MSP", "--voter-org", "Org3MSP", "--voter-id", voterId, "--description", "GatewayApiIT",
                "--user", "Admin", "--profile", profile("org1"), "-o", "json");
        assertThat(p.code()).as(p.all()).isZero();
        return p.json().path("proposal").path("id").asText();
    }

    private static Notice next(BlockingQueue<Notice> q, String kind, String proposalId) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < until) {
            Notice n = q.poll(1, TimeUnit.SECONDS);
            if (n != null && n.getKind().equals(kind) && n.getProposalId().equals(proposalId)) {
                return n;
            }
        }
        throw new AssertionError("no " + kind + " notice for " + proposalId + " through the gateway within 90 s");
    }

    @Test
    @DisplayName("S2.6 a vote request reaches a subscribed user through the gateway's stream, and the vote the user "
            + "sends through the gateway lands on chain signed by the user's own identity")
    void voteRequestAndVoteThroughTheGateway(@TempDir Path dir) throws Exception {
        int apiPort = freePort();
        String address = "127.0.0.1:" + apiPort;
        ConnectionConfig voter = RealNetwork.profile("org2").connection(VOTER, 0);
        String voterId = GovernanceNetwork.qualifiedId("org2", VOTER);
        String id;
        long requestBlock;
        // The gateway needs an engine to start; nothing listens on this one, and no task runs here.
        try (RecoveryProcess gateway = RecoveryProcess.gateway("api-gateway-org2", profile("org2"),
                List.of("127.0.0.1:1"), dir.resolve("data"), 2, Map.of(),
                List.of("--user", "Admin", "--api-port", Integer.toString(apiPort)), dir)) {
            gateway.awaitLog("gateway API (gRPC, mutual TLS) on port " + apiPort, java.time.Duration.ofSeconds(30));

            // 1. The user's own client follows its notices through the gateway (its TLS identity is the user's).
            BlockingQueue<Notice> notices = new LinkedBlockingQueue<>();
            BlockingQueue<Throwable> ended = new LinkedBlockingQueue<>();
            Path userDir = voter.certificate().toAbsolutePath().getParent().getParent().getParent();
            TlsMaterial userTls = new TlsMaterial(userDir.resolve("tls/client.crt"), userDir.resolve("tls/client.key"),
                    RealNetwork.profile("org2").gatewayTls().trustedCa());
            try (GatewayApiClient api = GatewayApiClient.connect(address, userTls);
                    AutoCloseable watch = api.watch(WatchNoticesRequest.newBuilder().setIdentity(voterId).build(),
                            notices::add, e -> {
                                if (e != null) {
                                    ended.add(e);
                                }
                            })) {
                Thread.sleep(1000); // the stream starts at the channel's height when it opens
                id = propose(GovernanceNetwork.unique("api-it"), voterId);
                Notice asked = next(notices, "VOTE_REQUESTED", id);
                requestBlock = asked.getBlock();
                assertThat(ended).isEmpty();
                assertThat(asked.getSlotsList()).containsExactly("id:" + voterId);
                assertThat(asked.getText()).contains("SWITCH");
            }

            // 2. The user votes with the CLI, through the gateway, signing every digest itself.
            GovernanceNetwork.Run vote = cli("proposal", "vote", id, "yes", "--gateway", address, "--user", VOTER,
                    "--profile", profile("org2"), "-o", "json");
            assertThat(vote.code()).as(vote.all()).isZero();
            // And a watch through the gateway resumes from the request's block and sees it again (resumable
            // stream); on a channel other tests share, earlier blocks hold other proposals' notices.
            GovernanceNetwork.Run resumed = cli("proposal", "watch", "--gateway", address, "--user", VOTER,
                    "--profile", profile("org2"), "--from-block", Long.toString(requestBlock), "--count", "1",
                    "--timeout", "60s", "-o", "json");
            assertThat(resumed.code()).as(resumed.all()).isZero();
            assertThat(resumed.out()).contains("VOTE_REQUESTED").contains(id);
        }

        try (ChainClient chain = RealNetwork.client("org1", "User1")) {
            JsonNode votes = new Governance(chain).tallyView(id).path("votes");
            JsonNode mine = null;
            for (JsonNode v : votes) {
                if (v.path("voter").asText().equals("id:" + voterId)) {
                    mine = v;
                }
            }
            assertThat(mine).as(Json.CONTRACT.write(votes)).isNotNull();
            assertThat(mine.path("choice").asText()).isEqualTo("YES");
            assertThat(mine.path("by").asText()).as("the chaincode saw the user as the signer").isEqualTo(voterId);
            String txId = mine.path("txId").asText();
            assertThat(txId).isNotEmpty();
            assertSignedBy(chain, txId, voter);
        }
    }

    /** The committed transaction's creator is {@code user}'s certificate, and its signature verifies with it. */
    private static void assertSignedBy(ChainClient chain, String txId, ConnectionConfig user) throws Exception {
        byte[] raw = chain.network().getContract("qscc").evaluateTransaction("GetTransactionByID",
                chain.config().channel(), txId);
        ProcessedTransaction processed = ProcessedTransaction.parseFrom(raw);
        assertThat(processed.getValidationCode()).as("VALID").isZero();
        Envelope envelope = processed.getTransactionEnvelope();
        Payload payload = Payload.parseFrom(envelope.getPayload());
        SignatureHeader header = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        SerializedIdentity creator = SerializedIdentity.parseFrom(header.getCreator());
        assertThat(creator.getMspid()).isEqualTo(user.mspId());
        X509Certificate expected;
        try (Reader in = Files.newBufferedReader(user.certificate())) {
            expected = Identities.readX509Certificate(in);
        }
        X509Certificate actual = Identities.readX509Certificate(creator.getIdBytes().toStringUtf8());
        assertThat(actual).as("creator of " + txId + " is " + user.certificate()).isEqualTo(expected);
        Signature verify = Signature.getInstance("SHA256withECDSA");
        verify.initVerify(expected.getPublicKey());
        verify.update(envelope.getPayload().toByteArray());
        assertThat(verify.verify(envelope.getSignature().toByteArray()))
                .as("the envelope of " + txId + " is signed by " + user.certificate()).isTrue();
        ConnectionConfig gatewayIdentity = RealNetwork.profile("org2").connection("Admin", 0);
        try (Reader in = Files.newBufferedReader(gatewayIdentity.certificate())) {
            assertThat(actual).as("not the gateway's identity").isNotEqualTo(Identities.readX509Certificate(in));
        }
    }
}
