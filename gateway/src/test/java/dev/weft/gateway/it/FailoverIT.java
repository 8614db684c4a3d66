package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.bench.RecoveryLoad;
import dev.weft.gateway.bench.RecoveryProcess;
import dev.weft.gateway.engine.BuiltinUnits;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures around a running gateway process, on the real network: an engine
 * framework killed mid-execution, a compute unit dying mid-execution, and the
 * gateway's peer restarted under its event stream.
 */
@ExtendWith(RealNetwork.class)
class FailoverIT {
    private static final long SLOW = 4000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static CrashRig rig;
    static RecoveryProcess survivor;
    static String slowTask;

    @BeforeAll
    static void start() {
        rig = new CrashRig(dir);
        survivor = rig.startEngine("engine-survivor");
        slowTask = RecoveryLoad.define(rig.admin, "failover", 1, CrashRig.MSP, SLOW);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @DisplayName("S0.6 S0.7: kill -9 of an engine framework mid-execution; the failed sends mark it down and its "
            + "subtasks are rescheduled to the other engine, which runs each once")
    void engineFrameworkKilledMidExecution() throws Exception {
        RecoveryProcess doomed = RecoveryProcess.engine("engine-doomed", CrashRig.profile(), dir.resolve("doomed"),
                16, rig.logs);
        try (EngineClient doomedClient = CrashRig.engineClient(doomed.endpoint());
                RecoveryProcess gateway = rig.gateway("gw-engine-kill", dir.resolve("engine-kill"),
                        List.of(doomed.endpoint(), survivor.endpoint()), Map.of(), List.of())) {
            List<String> ids = RecoveryLoad.create(rig.creator, slowTask, 12, 6);
            List<String> running = awaitRunning(doomedClient, ids);
            assertThat(doomed.kill()).isEqualTo(RecoveryProcess.SIGKILL_STATUS);

            rig.awaitAndAudit(ids);
            for (String id : running) {
                ExecuteResponse there = rig.engineClients.get(0).queryResult(id, "s1", 1);
                assertThat(there.getState()).as(id).isEqualTo(ExecutionState.SUCCEEDED);
                assertThat(there.getRuns()).as(id).isEqualTo(1);
            }
            assertThat(gateway.log()).contains("marked unavailable");
        } finally {
            doomed.close();
        }
    }

    @Test
    @DisplayName("S0.9: a compute unit dies mid-execution (its thread is interrupted); the framework's fault notice "
            + "makes the gateway reschedule to another engine, and every attempt succeeds exactly once")
    void unitDiesMidExecution() throws Exception {
        TlsMaterial tls = RealNetwork.profile(CrashRig.ORG).gatewayTls();
        try (EngineServer flaky = EngineServer.start(new EngineConfiguration(CrashRig.MSP, "127.0.0.1", 0, tls,
                LocalDatabase.Settings.embedded(dir.resolve("flaky")), BuiltinUnits.ALL, null, 16));
                EngineClient flakyClient = CrashRig.engineClient("127.0.0.1:" + flaky.port());
                RecoveryProcess gateway = rig.gateway("gw-unit-fault", dir.resolve("unit-fault"),
                        List.of("127.0.0.1:" + flaky.port(), survivor.endpoint()), Map.of(), List.of())) {
            List<String> ids = RecoveryLoad.create(rig.creator, slowTask, 12, 6);
            List<String> running = awaitRunning(flakyClient, ids);
            int killed = interruptUnitsInDelay();
            assertThat(killed).as("unit executions killed").isPositive();

            assertThat(rig.events.awaitEnded(ids, Duration.ofMinutes(3))).isTrue();
            RecoveryLoad.Audit audit = RecoveryLoad.audit(rig.reader, ids, CrashRig.MSP, rig.events,
                    List.of(rig.engineClients.get(0)));
            assertThat(audit.lost()).isZero();
            assertThat(audit.duplicateResults()).isZero();
            assertThat(audit.maxRuns()).as("runs of one attempt on the survivor").isEqualTo(1);
            int faulted = 0;
            for (String id : ids) {
                ExecuteResponse onFlaky = flakyClient.queryResult(id, "s1", 1);
                ExecuteResponse onSurvivor = rig.engineClients.get(0).queryResult(id, "s1", 1);
                boolean fault = onFlaky.getState() == ExecutionState.FAILED && onFlaky.getUnitFault();
                faulted += fault ? 1 : 0;
                long successes = List.of(onFlaky, onSurvivor).stream()
                        .filter(r -> r.getState() == ExecutionState.SUCCEEDED).count();
                assertThat(successes).as("successful executions of %s", id).isEqualTo(1);
                if (fault) {
                    assertThat(onSurvivor.getRuns()).as("%s rerun elsewhere", id).isEqualTo(1);
                }
            }
            // A unit interrupted in its sleep dies; one whose sleep ended between the thread dump and the
            // interrupt finishes normally and counts once above like every other attempt.
            assertThat(faulted).as("attempts whose unit died (%s were running, %d interrupted)", running, killed)
                    .isPositive().isLessThanOrEqualTo(killed);
            assertThat(gateway.log()).contains("rescheduling");
        }
    }

    @Test
    @DisplayName("S0.3 S1.4: the gateway's peer is killed and restarted while it listens; its event stream reopens "
            + "from the checkpoint and the tasks created meanwhile all complete, with no gateway restart")
    void peerRestartedUnderTheEventStream() throws Exception {
        String quick = RecoveryLoad.define(rig.admin, "peer-restart", 1, CrashRig.MSP, 0);
        try (RecoveryProcess gateway = rig.gateway("gw-peer-restart", dir.resolve("peer-restart"),
                List.of(survivor.endpoint()), Map.of(), List.of())) {
            List<String> before = RecoveryLoad.create(rig.creator, quick, 4, 4);
            assertThat(rig.events.awaitEnded(before, Duration.ofMinutes(1))).isTrue();

            Path pidFile = RealNetwork.runDir().resolve("pids").resolve("peer0.org1.pid");
            ProcessHandle peer = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
            peer.destroyForcibly();
            assertThat(peer.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
            gateway.awaitLog("event stream interrupted", Duration.ofMinutes(1));
            List<String> during = RecoveryLoad.create(rig.creator, quick, 6, 3);
            RealNetwork.script("up").orThrow();

            rig.awaitAndAudit(CrashRig.concat(before, during));
            assertThat(gateway.isAlive()).as("the same gateway process throughout").isTrue();
            assertThat(gateway.log()).contains("reopening from checkpoint");
        }
    }

    /** Waits until the engine is running at least two of the tasks' subtasks; returns those tasks. */
    private static List<String> awaitRunning(EngineClient engine, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        List<String> running = new ArrayList<>();
        while (running.size() < 2 && System.nanoTime() < deadline) {
            running.clear();
            for (String id : ids) {
                if (engine.queryResult(id, "s1", 1).getState() == ExecutionState.RUNNING) {
                    running.add(id);
                }
            }
            Thread.sleep(100);
        }
        assertThat(running).as("subtasks running on the engine").hasSizeGreaterThanOrEqualTo(2);
        return running;
    }

    /** Interrupts every unit thread of this JVM asleep in the aggregate unit's delay: the units die mid-task. */
    private static int interruptUnitsInDelay() throws InterruptedException {
        // A running execution may still be reading its inputs before it sleeps (slow on a loaded machine).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int killed = interruptSleepingUnits();
        while (killed == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            killed = interruptSleepingUnits();
        }
        return killed;
    }

    private static int interruptSleepingUnits() {
        int killed = 0;
        for (var e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            boolean inDelay = Arrays.stream(stack).limit(4).anyMatch(f -> f.getMethodName().startsWith("sleep"))
                    && Arrays.stream(stack)
                            .anyMatch(f -> f.getClassName().equals("dev.weft.gateway.engine.AggregateUnit"));
            if (e.getKey().getName().startsWith("weft-unit-") && inDelay) {
                e.getKey().interrupt();
                killed++;
            }
        }
        return killed;
    }
}
