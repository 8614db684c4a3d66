package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.bench.RecoveryEvents;
import dev.weft.gateway.bench.RecoveryLoad;
import dev.weft.gateway.bench.RecoveryProcess;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.faults.CrashPoints;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.ResultEntry;
import dev.weft.gateway.store.TaskEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the kill -9 tests share: Org1's engines as processes, clients of the
 * channel (tasks are created by Org2 and read through Org3's peer), a listener
 * that counts valid result transactions, and the run of one gateway crash.
 */
final class CrashRig implements AutoCloseable {
    static final String ORG = "org1";
    static final String MSP = "Org1MSP";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path logs;
    final List<RecoveryProcess> engines = new ArrayList<>();
    final List<EngineClient> engineClients = new ArrayList<>();
    final ChainClient admin = RealNetwork.client(ORG, "Admin");
    final ChainClient creator = RealNetwork.client("org2", "User1");
    final ChainClient reader = RealNetwork.client("org3", "User1");
    final RecoveryEvents events = RecoveryEvents.listen(reader, reader.blockHeight());

    CrashRig(Path dir) {
        this.dir = dir;
        this.logs = dir.resolve("logs");
    }

    /** Starts an engine of Org1 as a process; its client is added to those the audit asks. */
    RecoveryProcess startEngine(String name) {
        RecoveryProcess engine = RecoveryProcess.engine(name, profile(), dir.resolve(name), 16, logs);
        engines.add(engine);
        engineClients.add(engineClient(engine.endpoint()));
        return engine;
    }

    static EngineClient engineClient(String endpoint) {
        return EngineClient.builder().endpoint(endpoint)
                .tls(RealNetwork.profile(ORG).gatewayTls())
                .deadline(Duration.ofSeconds(30)).build();
    }

    static String profile() {
        return RealNetwork.profilePath(ORG).toString();
    }

    RecoveryProcess gateway(String name, Path data, List<String> engineEndpoints, Map<String, String> env,
            List<String> args) {
        return RecoveryProcess.gateway(name, profile(), engineEndpoints, data, 8, env, args, logs);
    }

    List<String> endpoints() {
        return engines.stream().map(RecoveryProcess::endpoint).toList();
    }

    /** What a crashed gateway left in its store, read after the kill. */
    record Left(List<TaskEntry> taskList, List<ResultEntry> resultList) {
        List<String> taskIds() {
            return taskList.stream().map(e -> e.key().taskId()).distinct().toList();
        }
    }

    /** The tasks of one crash run. */
    record Crash(List<String> before, Left left, RecoveryProcess dead) {
    }

    /**
     * Starts a gateway armed to stop at {@code point} the {@code after}-th time,
     * creates {@code tasks} tasks meanwhile, SIGKILLs the gateway the moment it
     * reports the crash point, and reads what its store kept.
     */
    Crash crash(String name, Path data, CrashPoints.Point point, int after, String definition, int tasks) {
        RecoveryProcess gateway = gateway(name, data, endpoints(), Map.of("WEFT_CRASH_POINT", point.name(),
                "WEFT_CRASH_AFTER", Integer.toString(after)), List.of());
        try {
            CompletableFuture<List<String>> created = CompletableFuture.supplyAsync(
                    () -> RecoveryLoad.create(creator, definition, tasks, 6));
            gateway.awaitLog("WEFT CRASH POINT " + point + " reached", Duration.ofMinutes(2));
            if (point == CrashPoints.Point.EXECUTING) {
                // The worker at the crash point has sent its call; wait until an engine has one in hand.
                awaitEngineHolding(data);
            }
            assertThat(gateway.kill()).as("exit status of kill -9").isEqualTo(RecoveryProcess.SIGKILL_STATUS);
            List<String> before = created.join();
            return new Crash(before, left(data), gateway);
        } finally {
            gateway.close();
        }
    }

    /** Waits until an engine is executing (or has executed) a subtask of the gateway's task list. */
    private void awaitEngineHolding(Path data) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            for (TaskEntry e : left(data).taskList()) {
                if (RecoveryLoad.runs(engineClients, e.key().taskId(), e.key().subtaskId(), e.key().attempt()) > 0) {
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static Left left(Path data) {
        try (GatewayStore store = GatewayStore.openSqlite(data)) {
            return new Left(store.taskList(), store.resultList());
        }
    }

    /** Waits for every task to end, then audits them: nothing lost, nothing landed or ran twice. */
    RecoveryLoad.Audit awaitAndAudit(List<String> taskIds) {
        assertThat(events.awaitEnded(taskIds, Duration.ofMinutes(3)))
                .as("all %d tasks ended (%d did)", taskIds.size(), events.ended(taskIds)).isTrue();
        RecoveryLoad.Audit audit = RecoveryLoad.audit(reader, taskIds, MSP, events, engineClients);
        assertThat(audit.lost()).as("subtasks lost").isZero();
        assertThat(audit.duplicateResults()).as("results landed twice").isZero();
        assertThat(audit.duplicateExecutions()).as("attempts executed twice").isZero();
        assertThat(audit.maxRuns()).as("most runs of one attempt").isEqualTo(1);
        System.out.printf("audit: %s%n", audit);
        return audit;
    }

    /** {@code task:GetSubtask}: the subtask's state and results. */
    JsonNode subtask(String taskId, String subtaskId) {
        try {
            return JSON.readTree(reader.evaluate("task:GetSubtask", taskId, subtaskId));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void close() {
        events.close();
        engineClients.forEach(EngineClient::close);
        engines.forEach(RecoveryProcess::close);
        admin.close();
        creator.close();
        reader.close();
    }
}
