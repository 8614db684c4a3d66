package dev.weft.gateway.engine;

import dev.weft.gateway.transport.GrpcServers;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


@DisplayName("S1.7, issue 9 item 4: the engine's port speaks mutual TLS with the organisation's identities")
class EngineTlsTest {
    @TempDir Path dir;

    private static ExecuteRequest sum(String values) {
        return ExecuteRequest.newBuilder().setTaskId("t").setSubtaskId("s").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation("sum").putParameters("values", values).build();
    }

    @Test
    @DisplayName("issue 9 item 4: a client with the organisation's gateway identity executes; gRPC health says SERVING")
    void clientWithTheOrganisationsIdentityIsServed() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TlsMaterial gateway = org1.identity("gateway");
        EngineFramework framework = EngineFramework.builder().unit(new AggregateUnit(null)).build();
        try (EngineServer server = EngineServer.create(GrpcServers.mutualTls("127.0.0.1", 0, org1.tls()), framework,
                framework).start()) {
            for (String host : new String[] {"localhost", "127.0.0.1"}) {
                try (EngineClient client = EngineClient.builder().endpoint(host + ":" + server.port())
                        .tls(gateway).deadline(Duration.ofSeconds(10)).build()) {
                    ExecuteResponse r = client.execute(sum("1,2,3"));
                    assertThat(r.getState()).isEqualTo(ExecutionState.SUCCEEDED);
                    assertThat(r.getValue().toStringUtf8()).contains("\"value\":6");
                }
            }
            ManagedChannel channel = Grpc.newChannelBuilder("localhost:" + server.port(),
                    gateway.clientCredentials()).build();
            try {
                HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService("weft.engine.v1.ComputeEngine").build());
                assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("S1.7 a client trusting another organisation's CA cannot reach the engine")
    void clientTrustingAnotherCaIsRefused() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TestCertificates org2 = TestCertificates.issue(dir.resolve("org2"), "org2");
        EngineFramework framework = EngineFramework.builder().unit(new AggregateUnit(null)).build();
        try (EngineServer server = EngineServer.create(GrpcServers.mutualTls("127.0.0.1", 0, org1.tls()), framework,
                framework).start();
                EngineClient client = EngineClient.builder().endpoint("localhost:" + server.port())
                        .tls(org2.identity("gateway")).deadline(Duration.ofSeconds(10)).build()) {
            assertThatThrownBy(() -> client.execute(sum("1")))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.reason()).isEqualTo(EngineException.Reason.ENGINE_UNAVAILABLE));
            assertThat(framework.runs("t", "s", 1)).isZero();
        }
    }

    @Test
    @DisplayName("S1.6 `weft engine serve` wiring: TLS, seeded local database, all built-in units")
    void startsFromAConfiguration() throws Exception {
        TestCertificates org3 = TestCertificates.issue(dir.resolve("tls"), "org3");
        EngineConfiguration config = new EngineConfiguration("Org3MSP", "127.0.0.1", 0, org3.tls(),
                LocalDatabase.Settings.embedded(dir.resolve("data"))
                        .withQueries(NamedQueries.of(java.util.Map.of("amounts", "SELECT amount FROM sales"))),
                BuiltinUnits.ALL, "org3", 2);
        try (EngineServer server = EngineServer.start(config);
                EngineClient client = EngineClient.builder().endpoint("localhost:" + server.port())
                        .tls(org3.identity("gateway")).build()) {
            assertThat(client.health().getUnitsList()).extracting(u -> u.getName())
                    .containsExactly("aggregate", "combine", "sha256", "sql");
            ExecuteResponse r = client.execute(sum("").toBuilder().clearParameters()
                    .putParameters("query", "amounts").build());
            assertThat(r.getValue().toStringUtf8()).isEqualTo("{\"count\":5,\"operation\":\"sum\",\"sum\":1875,\"value\":1875}");
        }
    }

    @Test
    @DisplayName("S1.7 plaintext binds loopback only and needs the client's explicit consent")
    void plaintextLoopbackForTests() {
        EngineConfiguration config = new EngineConfiguration("local", "0.0.0.0", 0, null,
                LocalDatabase.Settings.embedded(dir.resolve("data")), Set.of("sha256"), null, 1);
        try (EngineServer server = EngineServer.start(config);
                EngineClient client = EngineClient.builder().endpoint("127.0.0.1:" + server.port())
                        .insecureLoopback().build()) {
            assertThat(client.health().getFramework()).isEqualTo("local");
        }
    }
}
