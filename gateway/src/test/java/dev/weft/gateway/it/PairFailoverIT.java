package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.bench.RecoveryLoad;
import dev.weft.gateway.bench.RecoveryProcess;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.RetryPolicy;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.PairLedger;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.proto.engine.v1.ExecutionState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Org1's gateway pair on the real network (S3, issue 12): members a (User3) and b
 * (User4) as real {@code weft gateway run --cluster org1 --pair} processes sharing one
 * engine, N = 3 windows of 5 s. Each test creates the cluster and pair afresh and
 * dissolves it afterwards, so Org1 is unfenced for every other test class.
 */
@ExtendWith(RealNetwork.class)
class PairFailoverIT {
    private static final int N = 3;
    private static final int WINDOW_SECONDS = 5;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static CrashRig rig;
    static ClusterLedger admin;
    static PairLedger pairs;
    static String slowTask;
    private final List<RecoveryProcess> members = new ArrayList<>();

    @BeforeAll
    static void start() {
        rig = new CrashRig(dir);
        rig.startEngine("pair-engine");
        admin = new ClusterLedger(rig.admin);
        pairs = new PairLedger(rig.reader);
        dissolveIfPresent();
        slowTask = RecoveryLoad.define(rig.admin, "pair", 1, CrashRig.MSP, 1500);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            dissolveIfPresent();
            rig.close();
        }
    }

    /** Org1's admin creates the cluster, enrols both members and puts it into pair mode with the CLI. */
    @BeforeEach
    void createPair() {
        cli("create", "org1");
        cli("enrol", "a", "--identity", "User3", "--priority", "10", "--address", "127.0.0.1:1");
        cli("enrol", "b", "--identity", "User4", "--priority", "10", "--address", "127.0.0.1:2");
        JsonNode pair = cli("pair", "a", "b", "--windows", Integer.toString(N), "--window", WINDOW_SECONDS + "s");
        assertThat(pair.path("members").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(pair.path("windows").asInt()).isEqualTo(N);
    }

    @AfterEach
    void dissolve() {
        members.forEach(RecoveryProcess::close);
        dissolveIfPresent();
    }

    @Test
    @DisplayName("S3.3 S3.5 kill -9 of the validator with tasks in flight: the sync member promotes itself at the "
            + "next epoch from N windows without the validator's beacons; 0 subtasks lost, 0 results landed twice")
    void validatorKilledSyncPromotes() throws Exception {
        RecoveryProcess a = member("a", "User3");
        a.awaitLog("validator of pair org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4");
        b.awaitLog("decision STAY", Duration.ofMinutes(1));

        List<String> ids = RecoveryLoad.create(rig.creator, slowTask, 12, 6);
        awaitRunning(rig.engineClients.get(0), ids);
        assertThat(a.kill()).isEqualTo(RecoveryProcess.SIGKILL_STATUS);

        String promoted = b.awaitLog("validator of pair org1 at epoch 2", Duration.ofMinutes(2));
        assertThat(promoted).contains("a not alive in the last 3 windows, itself in all (S3.3)");
        rig.awaitAndAudit(ids);
        assertThat(b.log()).contains("starting the scheduler as validator at epoch 2");

        JsonNode status = cli("status").path("pair");
        assertThat(status.path("validator").asText()).isEqualTo("b");
        assertThat(status.path("epoch").asLong()).isEqualTo(2);
        assertThat(status.path("lastWindows")).hasSize(N);
        for (JsonNode w : status.path("lastWindows")) {
            assertThat(w.path("alive").path("a").asBoolean()).as(status.toString()).isFalse();
            assertThat(w.path("alive").path("b").asBoolean()).as(status.toString()).isTrue();
        }
        assertThat(status.path("decisions").path("b").asText()).isEqualTo("STAY");
        assertThat(admin.master(CrashRig.MSP).path("master").path("memberId").asText()).isEqualTo("b");
    }

    @Test
    @DisplayName("S3.4 S3.5 SIGSTOP of the validator past N windows, then SIGCONT: the sync member promotes "
            + "itself, the woken validator demotes itself and stops submitting, and none of its writes lands")
    void pausedValidatorDemotesItself() throws Exception {
        RecoveryProcess a = member("a", "User3");
        a.awaitLog("validator of pair org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4");
        b.awaitLog("decision STAY", Duration.ofMinutes(1));
        String aId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User3", 0));
        String bId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User4", 0));

        a.pause();
        List<String> during;
        try {
            b.awaitLog("validator of pair org1 at epoch 2", Duration.ofMinutes(2));
            during = RecoveryLoad.create(rig.creator, slowTask, 4, 4);
            rig.awaitAndAudit(during);
        } finally {
            a.resume();
        }
        Instant resumed = Instant.now();
        a.awaitLog("demotes itself to sync", Duration.ofSeconds(30));
        a.awaitLog("stops submitting", Duration.ofSeconds(30));
        awaitBeacon("a", "SYNC", resumed);

        List<String> after = RecoveryLoad.create(rig.creator, slowTask, 4, 4);
        rig.awaitAndAudit(after);
        for (String id : CrashRig.concat(during, after)) {
            JsonNode results = rig.subtask(id, "s1").path("results");
            assertThat(results).hasSize(1);
            assertThat(results.get(0).path("submitter").asText()).isEqualTo(bId).isNotEqualTo(aId);
        }

        // What the woken validator would send if it had not stopped itself: the chain refuses it.
        String open = RecoveryLoad.create(rig.creator, RecoveryLoad.define(rig.admin, "pairfenced", 1, CrashRig.MSP,
                20_000), 1, 1).get(0);
        try (ChainClient deposed = ChainClient.connect(RealNetwork.profile(CrashRig.ORG).connection("User3", 0),
                RetryPolicy.DEFAULT, function -> Optional.of(1L))) {
            assertThatThrownBy(() -> deposed.submit("task:SubmitResult", open, "s1", "1", "0".repeat(64), ""))
                    .isInstanceOfSatisfying(ChainException.class, e -> assertThat(e.code()).isEqualTo("NOT_MASTER"));
            assertThatThrownBy(() -> deposed.submit("pair:Promote", "a", "1"))
                    .isInstanceOfSatisfying(ChainException.class, e -> assertThat(e.code()).isEqualTo("STALE_EPOCH"));
        }
        assertThat(rig.subtask(open, "s1").path("results")).as("nothing landed from the refused write").isEmpty();
        JsonNode master = pairs.pair(CrashRig.MSP).path("master");
        assertThat(master.path("memberId").asText()).isEqualTo("b");
        assertThat(master.path("epoch").asLong()).as("one promotion, no second validator").isEqualTo(2);
    }

    /** {@code weft cluster ARGS --output json} as Org1's admin; must succeed. */
    private static JsonNode cli(String... args) {
        List<String> all = new ArrayList<>(List.of("cluster"));
        all.addAll(List.of(args));
        all.addAll(List.of("--user", "Admin", "--profile", WeftCli.profile(CrashRig.ORG), "--output", "json"));
        WeftCli.Run run = WeftCli.run(all.toArray(String[]::new));
        assertThat(run.code).as(run.all()).isZero();
        return WeftCli.read(run.out);
    }

    private RecoveryProcess member(String member, String user) {
        RecoveryProcess p = rig.gateway("pair-" + member + "-" + members.size(), dir.resolve("pair-" + member
                + "-" + members.size()), rig.endpoints(), Map.of(), List.of("--user", user, "--cluster", "org1",
                "--member", member, "--pair"));
        members.add(p);
        return p;
    }

    /** Waits until {@code member}'s last beacon on chain states {@code role} and is later than {@code after}. */
    private static void awaitBeacon(String member, String role, Instant after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode b : pairs.pair(CrashRig.MSP).path("beacons")) {
                if (b.path("memberId").asText().equals(member)) {
                    last = b;
                }
            }
            if (last != null && last.path("role").asText().equals(role)
                    && Instant.parse(last.path("time").asText()).isAfter(after)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(member + " sent no " + role + " beacon after " + after + " (last " + last + ")");
    }

    private static void dissolveIfPresent() {
        try {
            admin.cluster(CrashRig.MSP);
        } catch (ChainException e) {
            return;
        }
        assertThat(cli("dissolve").path("mspId").asText()).isEqualTo(CrashRig.MSP);
    }

    /** Waits until the engine is running at least two of the tasks' subtasks. */
    private static void awaitRunning(EngineClient engine, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        int running = 0;
        while (running < 2 && System.nanoTime() < deadline) {
            running = 0;
            for (String id : ids) {
                running += engine.queryResult(id, "s1", 1).getState() == ExecutionState.RUNNING ? 1 : 0;
            }
            Thread.sleep(100);
        }
        assertThat(running).as("subtasks running on the engine when the validator is killed")
                .isGreaterThanOrEqualTo(2);
    }
}
