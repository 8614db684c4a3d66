package dev.weft.gateway.engine;

import dev.weft.gateway.transport.GrpcServers;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/** Real TLS servers on loopback ports: who the engine lets in. */
@DisplayName("issue 9 item 4: the engine's port refuses everyone but the organisation's own identities")
class EngineMutualTlsTest {
    @TempDir Path dir;

    private static ExecuteRequest sum(String values) {
        return ExecuteRequest.newBuilder().setTaskId("t").setSubtaskId("s").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation("sum").putParameters("values", values).build();
    }

    private EngineServer serve(TestCertificates org, EngineFramework framework) {
        return EngineServer.create(GrpcServers.mutualTls("127.0.0.1", 0, org.tls()), framework, framework).start();
    }

    private static EngineClient client(EngineServer server, TlsMaterial tls) {
        return EngineClient.builder().endpoint("localhost:" + server.port()).tls(tls)
                .deadline(Duration.ofSeconds(10)).build();
    }

    @Test
    @DisplayName("issue 9 item 4: an engine call with the organisation's TLS CA but no client certificate is refused")
    void noClientCertificateIsRefused() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        EngineFramework framework = EngineFramework.builder().unit(new AggregateUnit(null)).build();
        try (EngineServer server = serve(org1, framework); EngineClient stranger = client(server, org1.caOnly())) {
            assertThatThrownBy(() -> stranger.execute(sum("1,2"))).isInstanceOfSatisfying(EngineException.class,
                    e -> assertThat(e.reason()).isEqualTo(EngineException.Reason.ENGINE_UNAVAILABLE));
            assertThatThrownBy(stranger::health).isInstanceOf(EngineException.class);
            assertThat(framework.runs("t", "s", 1)).isZero();
        }
    }

    @Test
    @DisplayName("issue 9 item 4: an engine call with another organisation's identity is refused, "
            + "even trusting this organisation's CA")
    void anotherOrganisationsIdentityIsRefused() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TestCertificates org2 = TestCertificates.issue(dir.resolve("org2"), "org2");
        TlsMaterial org2Gateway = org2.identity("gateway");
        TlsMaterial org2IdentityTrustingOrg1 = new TlsMaterial(org2Gateway.certificate(), org2Gateway.privateKey(), org1.ca);
        EngineFramework framework = EngineFramework.builder().unit(new AggregateUnit(null)).build();
        try (EngineServer server = serve(org1, framework);
                EngineClient org2Client = client(server, org2IdentityTrustingOrg1);
                EngineClient org1Client = client(server, org1.identity("gateway"))) {
            assertThatThrownBy(() -> org2Client.execute(sum("1,2"))).isInstanceOfSatisfying(EngineException.class,
                    e -> assertThat(e.reason()).isEqualTo(EngineException.Reason.ENGINE_UNAVAILABLE));
            assertThat(framework.runs("t", "s", 1)).isZero();
            assertThat(org1Client.execute(sum("1,2")).getState()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(framework.runs("t", "s", 1)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("issue 9 item 4: a TLS server cannot start without the CA its clients must come from")
    void serverNeedsTheClientCa() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TlsMaterial noClientCa = new TlsMaterial(org1.cert, org1.key, null);
        assertThatThrownBy(() -> GrpcServers.mutualTls("127.0.0.1", 0, noClientCa))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CA of the clients");
    }

    @Test
    @DisplayName("issue 9 item 4: gRPC reflection is off by default and served only when configured")
    void reflectionOffByDefault() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TlsMaterial gateway = org1.identity("gateway");
        for (boolean reflection : new boolean[] {false, true}) {
            EngineConfiguration config = new EngineConfiguration("Org1MSP", "127.0.0.1", 0, org1.tls(),
                    LocalDatabase.Settings.embedded(dir.resolve("data-" + reflection)), Set.of("sha256"), null, 1,
                    reflection);
            try (EngineServer server = EngineServer.start(config)) {
                Status status = listServices(server.port(), gateway);
                assertThat(status.getCode()).isEqualTo(reflection ? Status.Code.OK : Status.Code.UNIMPLEMENTED);
            }
        }
    }

    private static Status listServices(int port, TlsMaterial tls) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilder("localhost:" + port, tls.clientCredentials()).build();
        try {
            CompletableFuture<Status> done = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            done.complete(Status.OK);
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.complete(Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            done.complete(Status.OK);
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            Status status = done.get(15, TimeUnit.SECONDS);
            requests.onCompleted();
            return status;
        } finally {
            channel.shutdownNow();
        }
    }
}
