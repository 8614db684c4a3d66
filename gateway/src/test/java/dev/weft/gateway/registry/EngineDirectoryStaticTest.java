package dev.weft.gateway.registry;

import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineFramework;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.transport.GrpcServers;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


@DisplayName("S0.7/S0.10 static engines (--engine): health polling and failed sends still decide their status")
class EngineDirectoryStaticTest {

    @Test
    @DisplayName("S0.10 a polled unit that reports itself unavailable gets no tasks; a failed send marks the engine down "
            + "until a poll reaches it (S0.7)")
    void staticEnginesArePolled() {
        SwitchableUnit echo = new SwitchableUnit("echoer", "echo");
        EngineFramework framework = EngineFramework.builder().name("S").units(List.of(echo,
                new SwitchableUnit("hasher", "sha"))).build();
        try (EngineServer server = EngineServer.create(GrpcServers.loopbackPlaintext(0), framework, framework).start();
                EngineDirectory directory = new EngineDirectory()) {
            String endpoint = "127.0.0.1:" + server.port();
            directory.add(endpoint, EngineClient.builder().endpoint(endpoint).insecureLoopback()
                    .deadline(Duration.ofSeconds(5)).build());
            assertThat(directory.pick("echo", Set.of())).get().extracting(EngineDirectory.Engine::name)
                    .isEqualTo(endpoint);
            assertThat(directory.pick("echo", Set.of(endpoint))).isEmpty();

            echo.available = false;
            directory.pollAll();
            assertThat(directory.pick("echo", Set.of())).isEmpty();
            assertThat(directory.pick("sha", Set.of())).isPresent();

            directory.markDown(endpoint, "send failed");
            assertThat(directory.pick("sha", Set.of())).isEmpty();
            assertThat(directory.engines().get(0).why()).isEqualTo("send failed");
            directory.pollAll();
            assertThat(directory.pick("sha", Set.of())).isPresent();
        }
    }

    @Test
    @DisplayName("a directory made without a connector refuses service changes")
    void noConnectorNoRegistry() {
        try (EngineDirectory directory = new EngineDirectory()) {
            assertThatThrownBy(() -> directory.apply(new ServiceChange(0, ServiceChange.Kind.SNAPSHOT, List.of())))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
