package dev.weft.gateway.engine.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineException;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversion module beside the engine: a sidecar ({@code weft engine adapt})
 * runs the http module next to a real Python HTTP engine; the organisation's
 * standard engine reaches it through module {@code remote}, in the standard
 * engine protocol over mutual TLS.
 */
@DisplayName("S1.6 conversion module beside the engine: standard engine → sidecar (mutual TLS) → Python HTTP engine")
class SidecarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    private TestCertificates org1;
    private PythonEngine python;
    private EngineServer sidecar;
    private EngineServer standard;
    private EngineClient gateway;

    @BeforeEach
    void start() throws Exception {
        org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        python = PythonEngine.start();
        sidecar = startSidecar();
        standard = startStandard(sidecar.port());
        gateway = client(standard.port(), org1.identity("gateway"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {gateway, standard, sidecar, python}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private EngineServer startSidecar() throws Exception {
        String yaml = """
                engines:
                  - {name: scoring, module: http, operations: [score], timeout: 30s,
                     http: {url: "%s", mode: sync, errorPointer: /error}}
                """.formatted(python.url("/score"));
        return EngineHost.start(new EngineConfiguration("sidecar", "127.0.0.1", 0, org1.identity("sidecar"),
                LocalDatabase.Settings.embedded(dir.resolve("sidecar")), Set.of(), null, 4),
                EngineFile.parse(yaml, dir));
    }

    private EngineServer startStandard(int sidecarPort) throws Exception {
        TlsMaterial id = org1.identity("engine");
        String yaml = """
                engines:
                  - {name: scoring-beside, module: remote, operations: [score], timeout: 30s,
                     remote: {endpoint: "127.0.0.1:%d", authority: localhost,
                              tls: {cert: "%s", key: "%s", ca: "%s"}}}
                """.formatted(sidecarPort, id.certificate(), id.privateKey(), id.trustedCa());
        return EngineHost.start(new EngineConfiguration("Org1MSP", "127.0.0.1", 0, org1.tls(),
                LocalDatabase.Settings.embedded(dir.resolve("standard")), Set.of(), null, 4),
                EngineFile.parse(yaml, dir));
    }

    private static EngineClient client(int port, TlsMaterial tls) {
        return EngineClient.builder().endpoint("127.0.0.1:" + port).tls(tls).authority("localhost")
                .deadline(Duration.ofSeconds(30)).build();
    }

    private static ExecuteRequest score(String task, String values) {
        return ExecuteRequest.newBuilder().setTaskId(task).setSubtaskId("s1").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation("score").putParameters("values", values)
                .putParameters("weight", "2").setExecutorMspId("Org1MSP").build();
    }

    @Test
    @DisplayName("S1.6 a subtask goes standard engine → sidecar → real engine and its converted result comes back")
    void roundTrip() throws Exception {
        ExecuteResponse r = gateway.execute(score("t-side-1", "2,3.5"));

        assertThat(r.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getUnit()).isEqualTo("scoring-beside");
        JsonNode result = JSON.readTree(r.getValue().toByteArray());
        assertThat(result.get("score").decimalValue()).isEqualByComparingTo("11");
        assertThat(result.get("engine").asText()).isEqualTo("python-scoring");
        assertThat(python.stats().get("posts").asInt()).isEqualTo(1);
        // the sidecar ran it with its own http unit, under the same task, subtask and attempt
        ExecuteResponse there = client(sidecar.port(), org1.identity("probe")).queryResult("t-side-1", "s1", 1);
        assertThat(there.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(there.getUnit()).isEqualTo("scoring");
        assertThat(there.getDigest()).isEqualTo(r.getDigest());
    }

    @Test
    @DisplayName("S1.6 a resend from a restarted standard engine is answered by the sidecar without running the engine again")
    void resendAfterRestartDoesNotRunAgain() throws Exception {
        ExecuteResponse first = gateway.execute(score("t-side-2", "4"));
        gateway.close();
        standard.close();
        standard = startStandard(sidecar.port()); // a new standard engine: it has no memory of the execution
        gateway = client(standard.port(), org1.identity("gateway"));

        ExecuteResponse again = gateway.execute(score("t-side-2", "4").toBuilder().setSendMode(SendMode.RESEND)
                .build());

        assertThat(again.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(again.getDigest()).isEqualTo(first.getDigest());
        assertThat(python.stats().get("posts").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("S1.6 the engine's refusal reaches the chain as a task failure with its code, not a unit fault")
    void refusalIsTaskFailure() {
        ExecuteResponse r = gateway.execute(score("t-side-3", "1").toBuilder().putParameters("reject", "yes").build());

        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isFalse();
        assertThat(r.getError()).startsWith("ENGINE_REJECTED").contains("BAD_VALUES");
    }

    @Test
    @DisplayName("S1.6 the sidecar's port needs a client certificate of the organisation's TLS CA")
    void sidecarRefusesStrangers() throws Exception {
        try (EngineClient stranger = client(sidecar.port(), org1.caOnly());
             EngineClient otherOrg = client(sidecar.port(), TestCertificates.issue(dir.resolve("org9"), "org9")
                     .identity("gateway"))) {
            // the TLS handshake fails: the client reports it as an engine error, nothing runs
            assertThatThrownBy(() -> stranger.execute(score("t-side-4", "1"))).isInstanceOf(EngineException.class);
            assertThatThrownBy(() -> otherOrg.execute(score("t-side-4", "1"))).isInstanceOf(EngineException.class);
        }
        assertThat(python.stats().get("posts").asInt()).isZero();
    }

    @Test
    @DisplayName("S1.6 a sidecar that is down is a unit fault (S0.9), so the scheduler moves the subtask")
    void sidecarDownIsUnitFault() {
        sidecar.close();
        sidecar = null;

        ExecuteResponse r = gateway.execute(score("t-side-5", "1"));

        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isTrue();
        assertThat(r.getError()).contains("ENGINE_UNREACHABLE");
    }
}
