package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.bench.RecoveryLoad;
import dev.weft.gateway.bench.RecoveryProcess;
import dev.weft.gateway.faults.CrashPoints.Point;
import dev.weft.gateway.store.ResultEntry;
import dev.weft.gateway.store.TaskEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of Org1's gateway process at each point of a subtask's life, with
 * many subtasks in flight on two engine processes, then a restart: every
 * subtask completes on chain, no result lands twice, and the engines ran each
 * attempt once (their own counts). Each test creates tasks while the gateway is
 * down as well (current tasks, S0.3).
 */
@ExtendWith(RealNetwork.class)
class CrashRecoveryIT {
    private static final Pattern RECOVERED = Pattern.compile("recovery: (\\d+) subtask\\(s\\) still owed, (\\d+) already");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static CrashRig rig;
    static String twoSubtasks;
    static String oneSubtask;
    static String slowSubtasks;

    @BeforeAll
    static void start() {
        rig = new CrashRig(dir);
        rig.startEngine("engine-a");
        rig.startEngine("engine-b");
        twoSubtasks = RecoveryLoad.define(rig.admin, "crash2", 2, CrashRig.MSP, 300);
        oneSubtask = RecoveryLoad.define(rig.admin, "crash1", 1, CrashRig.MSP, 300);
        slowSubtasks = RecoveryLoad.define(rig.admin, "crash-slow", 2, CrashRig.MSP, 1500);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @DisplayName("S0.3 S0.1 S0.4(PARALLEL): kill -9 while events arrive; after restart the events it never took "
            + "and the tasks created while it was down are fetched and completed")
    void killWhileEventsArrive() {
        Path data = dir.resolve("event");
        CrashRig.Crash crash = rig.crash("gw-event-1", data, Point.EVENT, 4, twoSubtasks, 10);
        assertThat(crash.left().taskList().size()).as("subtasks taken before the kill")
                .isLessThan(2 * crash.before().size());
        List<String> whileDown = RecoveryLoad.create(rig.creator, twoSubtasks, 4, 4);

        try (RecoveryProcess restarted = rig.gateway("gw-event-2", data, rig.endpoints(), Map.of(),
                List.of("--recovery", "PARALLEL"))) {
            rig.awaitAndAudit(CrashRig.concat(crash.before(), whileDown));
            // Stream first: the replay from the checkpoint and the pending scan race for the tasks created
            // while it was down, and each is taken by exactly one of them (the audit above). Which one wins
            // is timing; the pending scan's own count is asserted where it runs first (HISTORICAL_FIRST).
            assertThat(restarted.log()).containsPattern("\\d+ ready while away recorded in \\d+ ms \\(stream first\\)");
        }
    }

    @Test
    @DisplayName("S0.1 S0.3 S0.4(HISTORICAL_FIRST): kill -9 after subtasks were taken, before dispatch; the task "
            + "list is reloaded, the tasks created while down are found by the pending scan, and every historical "
            + "result commits before any current one")
    void killAfterTakingBeforeDispatch() {
        Path data = dir.resolve("taken");
        CrashRig.Crash crash = rig.crash("gw-taken-1", data, Point.TAKEN, 4, twoSubtasks, 10);
        List<String> historical = crash.left().taskIds();
        assertThat(historical).as("historical tasks in the task list").isNotEmpty();
        List<String> whileDown = RecoveryLoad.create(rig.creator, twoSubtasks, 4, 4);
        List<String> all = CrashRig.concat(crash.before(), whileDown);
        Set<String> current = new HashSet<>(all);
        current.removeAll(historical);
        current.removeIf(id -> rig.events.endBlock(id) >= 0); // finished before the kill: neither

        try (RecoveryProcess restarted = rig.gateway("gw-taken-2", data, rig.endpoints(), Map.of(),
                List.of("--recovery", "HISTORICAL_FIRST"))) {
            rig.awaitAndAudit(all);
            assertThat(owed(restarted)).as("historical subtasks reloaded").isPositive();
            // Stream last: the tasks created while it was down can only come from the pending scan (S0.3).
            assertThat(restarted.log()).containsPattern("recovery: [1-9]\\d* subtask\\(s\\) became ready while"
                    + " this gateway was away");
        }
        long lastHistorical = historical.stream().mapToLong(rig.events::endBlock).max().orElseThrow();
        long firstCurrent = current.stream().mapToLong(rig.events::firstResultBlock).min().orElseThrow();
        assertThat(lastHistorical).as("block of the last historical result vs the first current one")
                .isLessThan(firstCurrent);
    }

    @Test
    @DisplayName("S0.8: kill -9 while engines execute; after restart the resend attaches to the running "
            + "execution or reuses its result, so no attempt runs twice")
    void killDuringExecution() {
        Path data = dir.resolve("executing");
        CrashRig.Crash crash = rig.crash("gw-exec-1", data, Point.EXECUTING, 6, slowSubtasks, 10);
        Set<String> computed = new HashSet<>();
        crash.left().resultList().forEach(r -> computed.add(r.key().toString()));
        long heldByEngines = crash.left().taskList().stream().filter(e -> !computed.contains(e.key().toString()))
                .filter(e -> RecoveryLoad.runs(rig.engineClients, e.key().taskId(), e.key().subtaskId(),
                        e.key().attempt()) > 0).count();
        assertThat(heldByEngines).as("uncomputed task-list entries an engine had started at the kill").isPositive();
        List<String> whileDown = RecoveryLoad.create(rig.creator, twoSubtasks, 4, 4);

        try (RecoveryProcess restarted = rig.gateway("gw-exec-2", data, rig.endpoints(), Map.of(), List.of())) {
            rig.awaitAndAudit(CrashRig.concat(crash.before(), whileDown));
        }
    }

    @Test
    @DisplayName("S0.11: kill -9 after results were computed, before submit; a restart with no engine at all "
            + "returns the result-list results to the chain without computing them again")
    void killAfterComputingBeforeSubmit() throws Exception {
        Path data = dir.resolve("computed");
        CrashRig.Crash crash = rig.crash("gw-computed-1", data, Point.COMPUTED, 6, twoSubtasks, 10);
        List<ResultEntry> stored = crash.left().resultList();
        assertThat(stored).as("results in the result list at the kill").isNotEmpty();

        // Port 1 on loopback refuses connections: this gateway has no engine to compute with.
        try (RecoveryProcess noEngines = rig.gateway("gw-computed-2", data, List.of("127.0.0.1:1"), Map.of(),
                List.of())) {
            for (ResultEntry r : stored) {
                assertThat(awaitOwnDigest(r)).as("digest on chain of %s", r.key()).isEqualTo(r.digest());
            }
            noEngines.stop();
        }
        List<String> whileDown = RecoveryLoad.create(rig.creator, twoSubtasks, 4, 4);
        try (RecoveryProcess restarted = rig.gateway("gw-computed-3", data, rig.endpoints(), Map.of(), List.of())) {
            rig.awaitAndAudit(CrashRig.concat(crash.before(), whileDown));
        }
    }

    @Test
    @DisplayName("S0.2: kill -9 after the result went to the orderer, before its commit was confirmed; after "
            + "restart the chain says it is finished, so it is dropped, not submitted again")
    void killAfterSubmitBeforeCommit() {
        Path data = dir.resolve("submitted");
        CrashRig.Crash crash = rig.crash("gw-submitted-1", data, Point.SUBMITTED, 6, oneSubtask, 12);
        List<TaskEntry> owedAtKill = crash.left().taskList();
        assertThat(owedAtKill).isNotEmpty();
        List<String> whileDown = RecoveryLoad.create(rig.creator, oneSubtask, 4, 4);

        try (RecoveryProcess restarted = rig.gateway("gw-submitted-2", data, rig.endpoints(), Map.of(), List.of())) {
            rig.awaitAndAudit(CrashRig.concat(crash.before(), whileDown));
            Matcher m = RECOVERED.matcher(restarted.log());
            assertThat(m.find()).isTrue();
            assertThat(Integer.parseInt(m.group(2))).as("task-list entries the chain had finished")
                    .isPositive();
            assertThat(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))).isEqualTo(owedAtKill.size());
            assertThat(restarted.log()).as("nothing resubmitted").doesNotContain("chain says ALREADY_EXISTS");
        }
    }

    private static int owed(RecoveryProcess gateway) {
        Matcher m = RECOVERED.matcher(gateway.log());
        assertThat(m.find()).as("recovery line in the log").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Waits until Org1's result for the entry's subtask attempt is on chain; returns its digest. */
    private static String awaitOwnDigest(ResultEntry entry) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode view = rig.subtask(entry.key().taskId(), entry.key().subtaskId());
            for (JsonNode r : view.path("results")) {
                if (CrashRig.MSP.equals(r.path("mspId").asText()) && r.path("attempt").asInt() == entry.key().attempt()) {
                    return r.path("digest").asText();
                }
            }
            Thread.sleep(200);
        }
        return "none within a minute";
    }
}
