package dev.weft.gateway.engine.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.gateway.engine.modules.dialin.DialOut;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.QueryResultRequest;
import dev.weft.proto.engine.v1.SendMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Either side may dial: a sidecar beside a real Python HTTP engine, behind a
 * firewall, dials in to the standard engine over mutual TLS (through a relay that
 * stands for the network and can be cut) and receives its work on one
 * long-lived stream.
 */
@DisplayName("S1.7 remote, the engine dials in: work on a long-lived mutual-TLS stream, resumed after a drop")
class DialInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    private TestCertificates org1;
    private PythonEngine python;
    private EngineServer standard;
    private CuttableRelay network;
    private EngineServer sidecar;
    private DialOut dial;
    private EngineClient gateway;

    @BeforeEach
    void start() throws Exception {
        org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        python = PythonEngine.start();
        standard = EngineHost.start(new EngineConfiguration("Org1MSP", "127.0.0.1", 0, org1.tls(),
                LocalDatabase.Settings.embedded(dir.resolve("standard")), Set.of(), null, 4), EngineFile.parse("""
                engines:
                  - {name: scoring-dialin, module: dialin, operations: [score], timeout: 60s,
                     dialin: {engine: scoring-sidecar}}
                """, dir));
        network = new CuttableRelay(standard.port());
        sidecar = EngineHost.start(new EngineConfiguration("scoring-sidecar", "127.0.0.1", 0,
                org1.identity("sidecar"), LocalDatabase.Settings.embedded(dir.resolve("sidecar")), Set.of(), null, 4),
                EngineFile.parse("""
                        engines:
                          - {name: scoring, module: http, operations: [score], timeout: 60s,
                             http: {url: "%1$s", mode: pull, statusUrl: "%2$s/{job}", resultPointer: /result,
                                    pollInitial: 200ms, pollMax: 400ms}}
                        """.formatted(python.url("/jobs"), python.url("/jobs")), dir));
        dial = DialOut.start(sidecar.framework(), "scoring-sidecar", List.of("score"), "127.0.0.1:" + network.port(),
                "localhost", org1.identity("dialer"));
        gateway = EngineClient.builder().endpoint("127.0.0.1:" + standard.port()).tls(org1.identity("gateway"))
                .authority("localhost").deadline(Duration.ofSeconds(60)).build();
        await("the sidecar dials in", dial::connected);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {gateway, dial, sidecar, network, standard, python}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static ExecuteRequest score(String task, String values) {
        return ExecuteRequest.newBuilder().setTaskId(task).setSubtaskId("s1").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation("score").putParameters("values", values)
                .putParameters("weight", "3").setExecutorMspId("Org1MSP").setDetach(true).build();
    }

    private ExecuteResponse onStandard(String task) {
        return gateway.queryResult(task, "s1", 1);
    }

    private ExecuteResponse onSidecar(String task) {
        return sidecar.framework().queryResult(QueryResultRequest.newBuilder().setTaskId(task).setSubtaskId("s1")
                .setAttempt(1).build());
    }

    private int posts() throws Exception {
        return python.stats().get("posts").asInt();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static BooleanSupplier unchecked(java.util.concurrent.Callable<Boolean> c) {
        return () -> {
            try {
                return c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    @DisplayName("S1.7 the dial-in engine disconnects mid-job and reconnects: the job completes exactly once")
    void dropMidJob() throws Exception {
        python.control("{\"delay_ms\": 2500}");
        assertThat(gateway.execute(score("t-dial-1", "2,5")).getState()).isEqualTo(ExecutionState.RUNNING);
        await("the job reaches the real engine", unchecked(() -> posts() == 1));

        network.cut(); // mid-job: the engine runs it, the stream is gone
        await("the sidecar notices the drop", () -> !dial.connected());
        await("the job finishes on the engine while cut off",
                () -> onSidecar("t-dial-1").getState() == ExecutionState.SUCCEEDED);
        assertThat(onStandard("t-dial-1").getState()).isEqualTo(ExecutionState.RUNNING);

        network.restore();
        await("the result arrives after the reconnection",
                () -> onStandard("t-dial-1").getState() == ExecutionState.SUCCEEDED);

        ExecuteResponse done = onStandard("t-dial-1");
        assertThat(JSON.readTree(done.getValue().toByteArray()).get("score").decimalValue())
                .isEqualByComparingTo("21");
        assertThat(done.getDigest()).isEqualTo(onSidecar("t-dial-1").getDigest());
        assertThat(done.getRuns()).isEqualTo(1);
        assertThat(posts()).isEqualTo(1); // the real engine ran it once
        assertThat(dial.started.get()).isEqualTo(1); // the sidecar started it once
        await("the result is acknowledged", () -> dial.held() == 0);
        assertThat(dial.dials.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("S1.7 a job that comes while the dial-in engine is cut off is delivered once it dials again, once")
    void jobWhileCutOff() throws Exception {
        network.cut();
        await("the sidecar notices the drop", () -> !dial.connected());
        assertThat(gateway.execute(score("t-dial-2", "4")).getState()).isEqualTo(ExecutionState.RUNNING);
        assertThat(onSidecar("t-dial-2").getState()).isEqualTo(ExecutionState.UNKNOWN_EXECUTION);

        network.restore();
        await("the job completes", () -> onStandard("t-dial-2").getState() == ExecutionState.SUCCEEDED);

        assertThat(JSON.readTree(onStandard("t-dial-2").getValue().toByteArray()).get("score").decimalValue())
                .isEqualByComparingTo("12");
        assertThat(posts()).isEqualTo(1);
        assertThat(dial.started.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("S1.7 a dialer under another name gets no work; the named engine still does")
    void strangerGetsNoWork() throws Exception {
        try (DialOut stranger = DialOut.start(sidecar.framework(), "someone-else", List.of("score"),
                "127.0.0.1:" + standard.port(), "localhost", org1.identity("stranger"))) {
            ExecuteResponse r = gateway.execute(score("t-dial-3", "1").toBuilder().setDetach(false).build());
            assertThat(r.getState()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(stranger.started.get()).isZero();
            assertThat(dial.started.get()).isEqualTo(1);
        }
    }
}
