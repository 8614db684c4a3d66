package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.api.ApiServer;
import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.engine.EngineTls;
import dev.weft.gateway.governance.GovJson;
import dev.weft.gateway.governance.Governance;
import dev.weft.proto.gateway.v1.Notice;
import dev.weft.proto.gateway.v1.WatchNoticesRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * S2.6 on the real network: Org2's gateway serves its users' API over mutual TLS;
 * User1 of Org2 follows its governance notices through it, gets the vote request
 * naming it, and votes through the gateway with its own signature (the gateway
 * holds no user key), which the committed transaction shows.
 */
@ExtendWith(RealNetwork.class)
class GatewayApiIT {

    @Test
    @DisplayName("S2.6 a vote request reaches a subscribed user through the gateway stream, and the vote it sends "
            + "through the gateway lands signed by that user")
    void voteRequestAndVoteThroughTheGateway() throws Exception {
        GovernanceNetwork.settings();
        ConnectionConfig user1 = RealNetwork.profile("org2").connection("User1", 0);
        String me = GovernanceNetwork.qualifiedId("org2", "User1");
        EngineTls gatewayTls = EngineTls.fromProfile(RealNetwork.profile("org2"));
        try (ChainClient gatewayChain = RealNetwork.client("org2", "User4");
                ApiServer api = ApiServer.start(ApiServer.tls("127.0.0.1", 0, gatewayTls), () -> gatewayChain,
                        gatewayChain.config());
                GatewayApiClient client = GatewayApiClient.connect("127.0.0.1:" + api.port(), userTls(user1, gatewayTls))) {
            assertThat(health(api.port(), userTls(user1, gatewayTls))).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

            BlockingQueue<Notice> notices = new LinkedBlockingQueue<>();
            String proposalId;
            try (AutoCloseable watch = client.watch(WatchNoticesRequest.newBuilder().setIdentity(me).build(),
                    notices::add, e -> { })) {
                Thread.sleep(2_000); // the stream opens at the current height; the proposal comes after
                try (ChainClient admin = RealNetwork.client("org1", "Admin")) {
                    proposalId = new Governance(admin).propose("{\"operation\":{\"type\":\"SWITCH\",\"target\":\""
                            + GovernanceNetwork.unique("gateway-api") + "\",\"params\":{}},\"description\":"
                            + "\"GatewayApiIT\"}").value().path("id").asText();
                }
                Notice request = next(notices, proposalId, "VOTE_REQUESTED");
                assertThat(request.getSlotsList()).as("only the slot User1 holds").containsExactly("id:" + me);
                assertThat(request.getText()).contains("vote requested on proposal " + proposalId);

                ChainClient.Committed vote = client.submit(user1, "gov:Vote", proposalId, "YES");
                JsonNode cast = GovJson.read(vote.resultText(), "gov:Vote");
                assertThat(cast.get(0).path("by").asText()).isEqualTo(me);
                try (ChainClient reader = RealNetwork.client("org3", "User1")) {
                    assertThat(creatorOf(reader, vote.transactionId()))
                            .isEqualTo(Files.readString(user1.certificate()).trim());
                    JsonNode tally = new Governance(reader).tallyView(proposalId);
                    assertThat(tally.toString()).contains(me);
                }
                assertThatThrownBy(() -> client.submit(user1, "gov:Vote", proposalId, "NO"))
                        .isInstanceOf(ChainException.class)
                        .satisfies(e -> assertThat(((ChainException) e).code()).isEqualTo("ALREADY_EXISTS"));
            }

            // Resumable: from the block before the request, the same notice comes again.
            BlockingQueue<Notice> again = new LinkedBlockingQueue<>();
            Notice first = null;
            try (AutoCloseable watch = client.watch(WatchNoticesRequest.newBuilder().setIdentity(me)
                    .setAfterBlock(0).build(), again::add, e -> { })) {
                first = next(again, proposalId, "VOTE_REQUESTED");
            }
            BlockingQueue<Notice> resumed = new LinkedBlockingQueue<>();
            try (AutoCloseable watch = client.watch(WatchNoticesRequest.newBuilder().setIdentity(me)
                    .setAfterBlock(first.getBlock() - 1).build(), resumed::add, e -> { })) {
                assertThat(next(resumed, proposalId, "VOTE_REQUESTED").getTransactionId())
                        .isEqualTo(first.getTransactionId());
            }
        }
    }

    @Test
    @DisplayName("S2.6 the gateway refuses another user's notices and functions outside governance")
    void refusals() throws Exception {
        ConnectionConfig user1 = RealNetwork.profile("org2").connection("User1", 0);
        EngineTls gatewayTls = EngineTls.fromProfile(RealNetwork.profile("org2"));
        try (ChainClient gatewayChain = RealNetwork.client("org2", "User4");
                ApiServer api = ApiServer.start(ApiServer.tls("127.0.0.1", 0, gatewayTls), () -> gatewayChain,
                        gatewayChain.config());
                GatewayApiClient client = GatewayApiClient.connect("127.0.0.1:" + api.port(), userTls(user1, gatewayTls))) {
            BlockingQueue<Throwable> ended = new LinkedBlockingQueue<>();
            try (AutoCloseable watch = client.watch(WatchNoticesRequest.newBuilder()
                    .setIdentity(GovernanceNetwork.qualifiedId("org2", "User2")).build(), n -> { }, ended::add)) {
                Throwable e = ended.poll(30, TimeUnit.SECONDS);
                assertThat(e).isInstanceOf(StatusRuntimeException.class).hasMessageContaining("PERMISSION_DENIED");
            }
            assertThatThrownBy(() -> client.submit(user1, "task:SubmitResult", "t", "s", "1", "d", ""))
                    .isInstanceOf(ChainException.class).hasMessageContaining("forwards only");
        }
    }

    /** User1's own TLS client certificate (cryptogen: users/User1@…/tls), trusting the gateway's TLS CA. */
    private static EngineTls userTls(ConnectionConfig user, EngineTls gateway) {
        Path dir = user.certificate().getParent().getParent().getParent().resolve("tls");
        return new EngineTls(dir.resolve("client.crt"), dir.resolve("client.key"), gateway.trustedCa());
    }

    private static HealthCheckResponse.ServingStatus health(int port, EngineTls tls) {
        var channel = NettyChannelBuilder.forTarget("127.0.0.1:" + port, tls.clientCredentials()).build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("weft.gateway.v1.WeftGateway").build())
                    .getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    private static Notice next(BlockingQueue<Notice> notices, String proposalId, String kind) throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < until) {
            Notice n = notices.poll(1, TimeUnit.SECONDS);
            if (n != null && n.getProposalId().equals(proposalId) && n.getKind().equals(kind)) {
                return n;
            }
        }
        throw new AssertionError("no " + kind + " notice of " + proposalId + " within 2 minutes");
    }

    /** The PEM certificate of the committed transaction's creator, read back from the ledger. */
    private static String creatorOf(ChainClient chain, String txId) throws Exception {
        byte[] raw = chain.network().getContract("qscc").evaluateTransaction("GetTransactionByID",
                chain.config().channel(), txId);
        Envelope envelope = ProcessedTransaction.parseFrom(raw).getTransactionEnvelope();
        Payload payload = Payload.parseFrom(envelope.getPayload());
        SignatureHeader header = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        return SerializedIdentity.parseFrom(header.getCreator()).getIdBytes().toStringUtf8().trim();
    }
}
