package dev.weft.gateway.engine.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.engine.callback.CallbackServer;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.Input;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP conversion module against a real Python HTTP service, in its three result modes. */
@DisplayName("S1.6/S1.9 HTTP conversion module on a real Python HTTP engine: sync, push, pull")
class HttpModuleTest {
    @TempDir Path dir;
    private TestCertificates org1;
    private PythonEngine engine;
    private ModuleRig rig;

    @BeforeEach
    void certificates() throws Exception {
        org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** The service with a client certificate of Org1's TLS CA, for the callback endpoint's mutual TLS. */
    private PythonEngine trustedEngine(String... more) throws Exception {
        TlsMaterial id = org1.identity("scoring");
        List<String> args = new ArrayList<>(List.of("--cert", id.certificate().toString(), "--key",
                id.privateKey().toString(), "--ca", org1.ca.toString()));
        args.addAll(List.of(more));
        return PythonEngine.start(args.toArray(String[]::new));
    }

    private ModuleRig rig(String callbackWait) {
        String yaml = """
                callbacks: {bind: 127.0.0.1, port: 0}
                engines:
                  - name: scoring-sync
                    module: http
                    operations: [score-sync]
                    timeout: 20s
                    http: {url: "%1$s/score", mode: sync, errorPointer: /error}
                  - name: scoring-push
                    module: http
                    operations: [score-push]
                    timeout: 30s
                    http:
                      url: "%1$s/jobs"
                      mode: push
                      statusUrl: "%1$s/jobs/{job}"
                      resultPointer: /result
                      callbackWait: %2$s
                      pollInitial: 100ms
                      pollMax: 1s
                  - name: scoring-pull
                    module: http
                    operations: [score-pull]
                    timeout: 60s
                    http:
                      url: "%1$s/jobs"
                      mode: pull
                      statusUrl: "%1$s/jobs/{job}"
                      resultPointer: /result
                      pollInitial: 100ms
                      pollMax: 1s
                """.formatted(engine.url(""), callbackWait);
        return ModuleRig.start(yaml, dir, org1.tls());
    }

    private static Input upstream(String name, String json) throws Exception {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        return Input.newBuilder().setName(name).setValue(ByteString.copyFrom(value))
                .setDigest(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value))).build();
    }

    private static String value(ExecuteResponse r) {
        return r.getValue().toStringUtf8();
    }

    @Test
    @DisplayName("S1.6 S1.9 sync: the standard request becomes the engine's JSON (parameters, upstream results) "
            + "and its answer a canonical standard result with its digest")
    void syncConvertsRequestAndResult() throws Exception {
        engine = PythonEngine.start();
        rig = rig("2s");
        ExecuteResponse r = rig.run(ModuleRig.request("score-sync").putParameters("values", "1.5,2.5")
                .putParameters("weight", "2").addInputs(upstream("result:a/Org2MSP", "{\"value\":4}")).build());

        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getUnit()).isEqualTo("scoring-sync");
        assertThat(value(r)).isEqualTo("{\"count\":3,\"engine\":\"python-scoring\",\"score\":16}");
        assertThat(r.getDigest()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(r.getValue().toByteArray())));
    }

    @Test
    @DisplayName("S1.9 push: the engine answers accepted, then calls back the engine's HTTPS endpoint "
            + "(mutual TLS, single-use token); no status poll is needed")
    void pushDeliversThroughTheCallback() throws Exception {
        engine = trustedEngine();
        rig = rig("20s");
        ExecuteResponse r = rig.run(ModuleRig.request("score-push").putParameters("values", "2,3").build());

        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(value(r)).isEqualTo("{\"count\":2,\"engine\":\"python-scoring\",\"score\":5}");
        // the engine records the callback's answer after it arrived, which can be after the job completed
        waitFor(() -> engine.callbackStatuses().size() == 1);
        assertThat(engine.callbackStatuses()).containsExactly("204");
        assertThat(engine.stats().get("polls").asInt()).isZero();
        assertThat(rig.callbacks.count(CallbackServer.Verdict.TAKEN)).isEqualTo(1);
    }

    @Test
    @DisplayName("S1.9 push with a dropped callback falls back to pull and still completes")
    void droppedCallbackFallsBackToPull() throws Exception {
        engine = trustedEngine();
        engine.control("{\"drop_every\": 1}");
        rig = rig("1s");
        ExecuteResponse r = rig.run(ModuleRig.request("score-push").putParameters("values", "7").build());

        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(value(r)).isEqualTo("{\"count\":1,\"engine\":\"python-scoring\",\"score\":7}");
        assertThat(engine.callbackStatuses()).containsExactly("dropped");
        assertThat(engine.stats().get("polls").asInt()).isPositive();
    }

    @Test
    @DisplayName("S1.9 push: a forged callback (wrong token) is refused 403 and a duplicate 409; the right one "
            + "completes the execution once")
    void forgedAndDuplicateCallbacksAreRefused() throws Exception {
        engine = trustedEngine();
        engine.control("{\"forge\": true, \"duplicate\": true}");
        rig = rig("20s");
        ExecuteResponse r = rig.run(ModuleRig.request("score-push").putParameters("values", "1").build());

        assertThat(r.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getRuns()).isEqualTo(1);
        waitFor(() -> engine.callbackStatuses().size() == 3);
        assertThat(engine.callbackStatuses()).containsExactly("403", "204", "409");
        assertThat(rig.callbacks.count(CallbackServer.Verdict.FORGED)).isEqualTo(1);
        assertThat(rig.callbacks.count(CallbackServer.Verdict.DUPLICATE)).isEqualTo(1);
    }

    @Test
    @DisplayName("S1.9 push: a callback that comes after the result was pulled is refused as late (410)")
    void lateCallbackIsRefused() throws Exception {
        engine = trustedEngine();
        engine.control("{\"late_ms\": 2500}");
        rig = rig("300ms");
        ExecuteResponse r = rig.run(ModuleRig.request("score-push").putParameters("values", "4").build());

        assertThat(r.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(engine.stats().get("polls").asInt()).isPositive();
        waitFor(() -> engine.callbackStatuses().size() == 1);
        assertThat(engine.callbackStatuses()).containsExactly("410");
        assertThat(rig.callbacks.count(CallbackServer.Verdict.LATE)).isEqualTo(1);
    }

    @Test
    @DisplayName("S1.9 push: the callback endpoint is mutual TLS; an engine without the organisation's "
            + "certificate cannot call back, and the result comes by pull")
    void callbackWithoutCertificateFailsTheHandshake() throws Exception {
        engine = PythonEngine.start("--ca", org1.ca.toString());
        rig = rig("1s");
        ExecuteResponse r = rig.run(ModuleRig.request("score-push").putParameters("values", "9").build());

        assertThat(r.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(engine.callbackStatuses()).hasSize(1).allMatch(s -> s.startsWith("error:"));
        assertThat(rig.callbacks.count(CallbackServer.Verdict.TAKEN)).isZero();
    }

    @Test
    @DisplayName("S1.9 pull: 300 jobs wait at the engine at once, polled with back-off, on a handful of threads")
    void pullHoldsNoThreadPerWaitingJob() throws Exception {
        engine = PythonEngine.start("--delay-ms", "3000");
        rig = rig("1s");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<CompletableFuture<ExecuteResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            calls.add(rig.start(ModuleRig.request("score-pull").putParameters("values", Integer.toString(i)).build()));
        }
        waitFor(() -> engine.stats().get("posts").asInt() == 300);
        int waiting = rig.framework.running();
        // Threads alive now that were not before: the module's pollers and the HTTP client's own, plus
        // whatever the JVM's shared pools start meanwhile. A thread per waiting job would be 250 or more.
        long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).count();
        for (int i = 0; i < calls.size(); i++) {
            ExecuteResponse r = calls.get(i).get(60, TimeUnit.SECONDS);
            assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(value(r)).contains("\"score\":" + i + "}");
        }
        assertThat(waiting).isGreaterThanOrEqualTo(250);
        assertThat(threads).isLessThanOrEqualTo(32);
    }

    @Test
    @DisplayName("S1.6 an engine's refusal (HTTP 422) is the task's failure with the engine's short code only, "
            + "not a unit fault")
    void refusalIsTaskFailure() throws Exception {
        engine = PythonEngine.start();
        rig = rig("2s");
        ExecuteResponse r = rig.run(ModuleRig.request("score-sync").putParameters("reject", "yes").build());

        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isFalse();
        assertThat(r.getError()).startsWith("ENGINE_REJECTED").contains("HTTP 422").contains("BAD_VALUES")
                .doesNotContain("refuses this input");
    }

    @Test
    @DisplayName("S0.9 S1.7 the HTTP engine killed mid-job is a unit fault (the subtask moves on), not a result")
    void engineKilledMidJobIsUnitFault() throws Exception {
        engine = PythonEngine.start("--delay-ms", "30000");
        ExecuteResponse r = killedMidJob("score-pull", () -> engine.stats().get("polls").asInt() >= 1);

        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isTrue();
        assertThat(r.getError()).contains("ENGINE_UNREACHABLE");
    }

    @Test
    @DisplayName("S0.9 S1.9 the HTTP engine killed (kill -9) while a pushed job waits for its callback: the "
            + "fallback pull finds it gone, a unit fault (the subtask moves on), not a result")
    void engineKilledWhilePushedJobWaitsIsUnitFault() throws Exception {
        engine = trustedEngine("--delay-ms", "30000");
        ExecuteResponse r = killedMidJob("score-push", () -> engine.stats().get("posts").asInt() >= 1);

        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isTrue();
        assertThat(r.getError()).contains("ENGINE_UNREACHABLE");
        assertThat(rig.callbacks.count(CallbackServer.Verdict.TAKEN)).isZero();
    }

    /** Starts a job of {@code operation}, kills the engine (kill -9) once {@code midJob} holds; the outcome. */
    private ExecuteResponse killedMidJob(String operation, Check midJob) throws Exception {
        rig = rig("1s");
        CompletableFuture<ExecuteResponse> call = rig.start(ModuleRig.request(operation)
                .putParameters("values", "1").build());
        waitFor(midJob);
        engine.kill();
        return call.get(60, TimeUnit.SECONDS);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not reached in 30 s");
    }
}
