package dev.weft.gateway.engine.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-program conversion module with a real Python program, one process per subtask. */
@DisplayName("S1.7 local program conversion module: a real Python program per subtask")
class ProcessModuleTest {
    @TempDir Path dir;
    private ModuleRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    private ModuleRig rig(String timeout) {
        String program = PythonEngine.script("score_program.py").toString();
        return ModuleRig.start("""
                engines:
                  - name: program
                    module: process
                    operations: [score]
                    timeout: %2$s
                    process: {command: [python3, "%1$s", --fast], maxOutputBytes: 100000}
                  - name: program-files
                    module: process
                    operations: [score-files]
                    timeout: %2$s
                    process: {command: [python3, "%1$s", --to-file], input: file, output: file, resultPointer: /score}
                """.formatted(program, timeout), dir, null);
    }

    private static String value(ExecuteResponse r) {
        return r.getValue().toStringUtf8();
    }

    @Test
    @DisplayName("S1.7 stdin/stdout: the request goes in as JSON on stdin, the JSON answer on stdout becomes a "
            + "canonical result; the program gets exactly its configured arguments")
    void stdinAndStdout() throws Exception {
        rig = rig("30s");
        ExecuteResponse r = rig.run(ModuleRig.request("score").putParameters("values", "10,20.5")
                .putParameters("weight", "2").build());

        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(value(r)).isEqualTo("{\"argv\":1,\"count\":2,\"engine\":\"python-program\",\"score\":61}");
    }

    @Test
    @DisplayName("S1.7 files: the request as a file, the result from a file, shaped by a result pointer")
    void requestAndResultAsFiles() throws Exception {
        rig = rig("30s");
        ExecuteResponse r = rig.run(ModuleRig.request("score-files").putParameters("values", "1,2,3").build());

        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(value(r)).isEqualTo("6");
    }

    @Test
    @DisplayName("S1.7 what comes from the chain is data only: shell syntax in a parameter is neither run "
            + "nor an argument")
    void chainDataIsNeverShellOrArguments() throws Exception {
        rig = rig("30s");
        Path marker = dir.resolve("pwned");
        ExecuteResponse r = rig.run(ModuleRig.request("score").putParameters("values", "1")
                .putParameters("weight", "1").putParameters("note", "$(touch " + marker + "); --to-file ; rm -rf /")
                .build());

        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(value(r)).contains("\"argv\":1");
        assertThat(marker).doesNotExist();
    }

    @Test
    @DisplayName("S1.7 exit code 2 is the task's failure (PROGRAM_REJECTED); a crash is a unit fault whose "
            + "stderr stays in the engine's log, never in the error")
    void exitCodesMapToStandardErrors() throws Exception {
        rig = rig("30s");
        ExecuteResponse rejected = rig.run(ModuleRig.request("score").putParameters("behaviour", "reject").build());
        ExecuteResponse crashed = rig.run(ModuleRig.request("score").putParameters("behaviour", "crash").build());

        assertThat(rejected.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(rejected.getUnitFault()).isFalse();
        assertThat(rejected.getError()).startsWith("PROGRAM_REJECTED").contains("exit 2")
                .doesNotContain("values refused");
        assertThat(crashed.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(crashed.getUnitFault()).isTrue();
        assertThat(crashed.getError()).contains("PROGRAM_FAILED").doesNotContain("Traceback")
                .doesNotContain("broke down");
    }

    @Test
    @DisplayName("S1.7 bounded output: a program that writes without end is killed and the task fails "
            + "OUTPUT_TOO_LARGE")
    void outputIsBounded() throws Exception {
        rig = rig("60s");
        ExecuteResponse r = rig.run(ModuleRig.request("score").putParameters("behaviour", "flood").build());

        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getError()).startsWith("OUTPUT_TOO_LARGE");
    }

    @Test
    @DisplayName("S1.7 on timeout the whole process tree is killed, the child the program started included")
    void timeoutKillsTheProcessTree() throws Exception {
        rig = rig("3s");
        Path pids = dir.resolve("pids");
        CompletableFuture<ExecuteResponse> call = rig.start(ModuleRig.request("score")
                .putParameters("behaviour", "spawn").putParameters("pidfile", pids.toString()).build());
        HttpModuleTest.waitFor(() -> Files.exists(pids) && Files.readString(pids).contains(" "));
        String[] both = Files.readString(pids).trim().split(" ");
        ExecuteResponse r = call.get(60, TimeUnit.SECONDS);

        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isTrue();
        assertThat(r.getError()).contains("timed out");
        for (String pid : both) {
            HttpModuleTest.waitFor(() -> ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true));
        }
    }

    @Test
    @DisplayName("S0.9 S1.7 the program killed mid-job (kill -9) is a unit fault ENGINE_DIED: no result, "
            + "so the scheduler moves the subtask on")
    void programKilledMidJobIsUnitFault() throws Exception {
        rig = rig("60s");
        Path pids = dir.resolve("pids");
        var request = ModuleRig.request("score").putParameters("behaviour", "spawn")
                .putParameters("pidfile", pids.toString()).build();
        CompletableFuture<ExecuteResponse> call = rig.start(request);
        HttpModuleTest.waitFor(() -> Files.exists(pids) && Files.readString(pids).contains(" "));
        String[] both = Files.readString(pids).trim().split(" ");
        ProcessHandle.of(Long.parseLong(both[0])).orElseThrow().destroyForcibly();
        ExecuteResponse r = call.get(60, TimeUnit.SECONDS);
        ProcessHandle.of(Long.parseLong(both[1])).ifPresent(ProcessHandle::destroyForcibly); // the orphan

        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isTrue();
        assertThat(r.getError()).contains("ENGINE_DIED").contains("signal 9");
        assertThat(rig.framework.runs(request.getTaskId(), "s1", 1)).isEqualTo(1);
    }
}
