package dev.weft.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.LocalDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("S0.7/S0.10 real engines join the service center, and leave it dead or alive")
class RegistryEngineProcessTest {
    @TempDir Path dir;

    private final RegistryServer center = RegistryServer.start(RegistryConfiguration.insecureLoopback(0)
            .withHeartbeat(Duration.ofMillis(100), 10));
    private final String centerEndpoint = "127.0.0.1:" + center.port();
    private final RegistryClient client = RegistryClient.builder().endpoint(centerEndpoint).insecureLoopback().build();

    @AfterEach
    void stop() {
        client.close();
        center.close();
    }

    private Optional<FrameworkService> framework(String name) {
        return client.list().frameworks().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    @Test
    @DisplayName("S0.7 `weft engine serve --register` registers the engine and its units, `weft engine list` shows them, "
            + "and stopping the engine marks it and its units UNAVAILABLE (S0.10)")
    void serveRegistersAndListShowsIt() throws Exception {
        try (RegistryCli.Background serve = new RegistryCli.Background("engine", "serve", "--port", "0",
                "--insecure-loopback", "--name", "Org1MSP", "--units", "sha256,combine",
                "--data", dir.resolve("data").toString(), "--register", centerEndpoint)) {
            Eventually.until("Org1MSP registered", () -> framework("Org1MSP").map(FrameworkService::available)
                    .orElse(false));
            FrameworkService f = framework("Org1MSP").orElseThrow();
            assertThat(f.endpoint()).startsWith("127.0.0.1:").isNotEqualTo(centerEndpoint);
            assertThat(serve.out()).contains("listening on port " + f.endpoint().substring("127.0.0.1:".length()));
            assertThat(f.units()).extracting(UnitService::name).containsExactly("combine", "sha256");

            RegistryCli.Run json = RegistryCli.weft("engine", "list", "--registry", centerEndpoint,
                    "--insecure-loopback", "-o", "json");
            assertThat(json.exit()).as(json.err()).isZero();
            assertThat(json.json().path("kind").asText()).isEqualTo("SNAPSHOT");
            assertThat(json.json().path("frameworks").get(0).path("status").asText()).isEqualTo("AVAILABLE");
            assertThat(json.json().path("frameworks").get(0).path("units").findValuesAsText("name"))
                    .containsExactly("combine", "sha256");
            RegistryCli.Run text = RegistryCli.weft("engine", "list", "--registry", centerEndpoint,
                    "--insecure-loopback");
            assertThat(text.out()).contains("Org1MSP", f.endpoint(), "AVAILABLE", "sha256");

            serve.close();
            assertThat(serve.exit).as(serve.err.toString()).isNotEqualTo(-1);
        }
        FrameworkService gone = framework("Org1MSP").orElseThrow();
        assertThat(gone.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
        assertThat(gone.why()).startsWith("deregistered");
        assertThat(gone.units()).noneMatch(UnitService::available);
    }

    @Test
    @DisplayName("S0.7 a killed engine (no deregistration, port gone) is marked down with its units once heartbeats stop")
    void killedEngineIsMarkedDown() {
        EngineServer server = EngineServer.start(new EngineConfiguration("Org2MSP", "127.0.0.1", 0, null,
                LocalDatabase.Settings.embedded(dir.resolve("org2")), Set.of("sha256"), null, 1));
        EngineRegistration registration = EngineRegistration.start(client, server.framework(),
                "127.0.0.1:" + server.port());
        try {
            Eventually.until("Org2MSP registered", () -> framework("Org2MSP").map(FrameworkService::available)
                    .orElse(false));

            registration.halt();
            server.stop();

            Eventually.until("Org2MSP marked down", () -> !framework("Org2MSP").orElseThrow().available());
            FrameworkService down = framework("Org2MSP").orElseThrow();
            assertThat(down.why()).startsWith("no heartbeat");
            assertThat(down.units()).singleElement().satisfies(u -> {
                assertThat(u.name()).isEqualTo("sha256");
                assertThat(u.available()).isFalse();
            });
        } finally {
            registration.halt();
            server.stop();
        }
    }

    @Test
    @DisplayName("S0.7 `weft engine list --watch` prints the snapshot, then each change as it happens")
    void listWatchPrintsChanges() throws Exception {
        try (RegistryCli.Background watch = new RegistryCli.Background("engine", "list", "--registry", centerEndpoint,
                "--insecure-loopback", "--watch")) {
            Eventually.until("snapshot printed", () -> watch.out().contains("(no engine framework registered)"));

            client.register(new ServiceCenter.Registration("Org3MSP", "127.0.0.1:7999",
                    java.util.List.of(UnitService.available("sql", Set.of("sum")))));

            Eventually.until("change printed", () -> watch.out().contains("updated") && watch.out().contains("Org3MSP"));
            watch.close();
            assertThat(watch.exit).isZero();
        }
    }

    @Test
    @DisplayName("`weft engine list` against no service center exits 5 (unavailable)")
    void listWithoutCenter() {
        center.close();
        RegistryCli.Run run = RegistryCli.weft("engine", "list", "--registry", centerEndpoint, "--insecure-loopback",
                "--timeout", "PT3S");
        assertThat(run.exit()).isEqualTo(5);
        assertThat(run.err()).contains("UNAVAILABLE");
    }
}
