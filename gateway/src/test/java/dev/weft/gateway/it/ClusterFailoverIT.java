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
import dev.weft.gateway.cluster.ClusterView;
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
 * Org1's gateway cluster on the real network (S4.5, issue 11 item 2): two members
 * as real {@code weft gateway run --cluster} processes, signing as User3 (member a,
 * priority 30) and User4 (member b, priority 20), sharing one engine. Each test
 * creates the cluster afresh and dissolves it afterwards, so Org1 is unfenced for
 * every other test class on the shared network.
 */
@ExtendWith(RealNetwork.class)
class ClusterFailoverIT {
    private static final int TTL_SECONDS = 6;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static CrashRig rig;
    static ClusterLedger admin;
    static String slowTask;
    private final List<RecoveryProcess> members = new ArrayList<>();

    @BeforeAll
    static void start() {
        rig = new CrashRig(dir);
        rig.startEngine("cluster-engine");
        admin = new ClusterLedger(rig.admin);
        dissolveIfPresent();
        slowTask = RecoveryLoad.define(rig.admin, "cluster", 1, CrashRig.MSP, 1500);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            dissolveIfPresent();
            rig.close();
        }
    }

    /** Org1's admin creates the cluster and enrols both members with the CLI. */
    @BeforeEach
    void createCluster() {
        JsonNode created = cli("create", "org1", "--ttl", TTL_SECONDS + "s");
        assertThat(created.path("mspId").asText()).isEqualTo(CrashRig.MSP);
        assertThat(created.path("masterTtlSeconds").asInt()).isEqualTo(TTL_SECONDS);
        JsonNode a = cli("enrol", "a", "--identity", "User3", "--priority", "30", "--address", "127.0.0.1:1");
        assertThat(a.path("identity").asText())
                .isEqualTo(QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User3", 0)));
        cli("enrol", "b", "--identity", "User4", "--priority", "20", "--address", "127.0.0.1:2");
    }

    @AfterEach
    void dissolve() {
        members.forEach(RecoveryProcess::close);
        dissolveIfPresent();
    }

    @Test
    @DisplayName("S4.5 kill -9 of the master with tasks in flight: the slave takes over at the next epoch, "
            + "0 subtasks lost, 0 results landed twice, no attempt executed twice")
    void masterKilledSlaveTakesOver() throws Exception {
        RecoveryProcess a = member("a", "User3", 30);
        a.awaitLog("master of cluster org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4", 20);

        List<String> ids = RecoveryLoad.create(rig.creator, slowTask, 12, 6);
        awaitRunning(rig.engineClients.get(0), ids);
        assertThat(a.kill()).isEqualTo(RecoveryProcess.SIGKILL_STATUS);

        b.awaitLog("master of cluster org1 at epoch 2", Duration.ofMinutes(1));
        rig.awaitAndAudit(ids);
        ClusterView view = admin.cluster(CrashRig.MSP);
        assertThat(view.master().memberId()).isEqualTo("b");
        assertThat(view.master().epoch()).isEqualTo(2);
        assertThat(b.log()).contains("starting the scheduler as master at epoch 2");

        JsonNode status = cli("status");
        assertThat(status.path("master").path("master").path("memberId").asText()).isEqualTo("b");
        assertThat(status.path("master").path("master").path("epoch").asLong()).isEqualTo(2);
        JsonNode table = cli("members");
        assertThat(table.path("epoch").asLong()).isEqualTo(2);
        assertThat(table.path("members").get(0).path("memberId").asText()).isEqualTo("a");
        assertThat(table.path("members").get(0).path("live").asBoolean()).as("a was killed").isFalse();
        assertThat(table.path("members").get(1).path("role").asText()).isEqualTo("MASTER");
        JsonNode masters = cli("masters");
        boolean listed = false;
        for (JsonNode m : masters) {
            listed |= m.path("master").path("mspId").asText().equals(CrashRig.MSP)
                    && m.path("master").path("memberId").asText().equals("b");
        }
        assertThat(listed).as(masters.toString()).isTrue();
    }

    @Test
    @DisplayName("S4.6 kill -9 of master and slave together: the ordinary member takes over and runs the work")
    void masterAndSlaveKilledOrdinaryTakesOver() throws Exception {
        cli("enrol", "c", "--identity", "User2", "--priority", "10", "--address", "127.0.0.1:3");
        RecoveryProcess a = member("a", "User3", 30);
        a.awaitLog("master of cluster org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4", 20);
        RecoveryProcess c = member("c", "User2", 10);
        Instant started = Instant.now();
        awaitKeepaliveAfter("b", started);
        awaitKeepaliveAfter("c", started);
        JsonNode table = cli("members");
        assertThat(table.path("members").get(1).path("role").asText()).as(table.toString()).isEqualTo("SLAVE");
        assertThat(table.path("members").get(2).path("role").asText()).isEqualTo("ORDINARY");

        assertThat(a.kill()).isEqualTo(RecoveryProcess.SIGKILL_STATUS);
        assertThat(b.kill()).isEqualTo(RecoveryProcess.SIGKILL_STATUS);
        c.awaitLog("master of cluster org1 at epoch 2", Duration.ofMinutes(1));
        List<String> ids = RecoveryLoad.create(rig.creator, slowTask, 4, 4);
        rig.awaitAndAudit(ids);
        assertThat(admin.cluster(CrashRig.MSP).master().memberId()).isEqualTo("c");
    }

    @Test
    @DisplayName("S4.5 issue 11 item 2: SIGSTOP of the master until another member took over, then SIGCONT: "
            + "it stops submitting by itself, and the chain refuses its identity and its epoch")
    void pausedMasterIsFenced() throws Exception {
        RecoveryProcess a = member("a", "User3", 30);
        a.awaitLog("master of cluster org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4", 20);

        a.pause();
        try {
            b.awaitLog("master of cluster org1 at epoch 2", Duration.ofMinutes(1));
            List<String> during = RecoveryLoad.create(rig.creator, slowTask, 4, 4);
            rig.awaitAndAudit(during);
            String bId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User4", 0));
            for (String id : during) {
                assertThat(rig.subtask(id, "s1").path("results").get(0).path("submitter").asText()).isEqualTo(bId);
            }
        } finally {
            a.resume();
        }
        Instant resumed = Instant.now();
        a.awaitLog("stops submitting", Duration.ofSeconds(30));
        awaitKeepaliveAfter("a", resumed);

        // What the deposed master would send if it had not stopped itself: the chain refuses it.
        String open = RecoveryLoad.create(rig.creator, RecoveryLoad.define(rig.admin, "fenced", 1, CrashRig.MSP,
                20_000), 1, 1).get(0);
        String digest = "0".repeat(64);
        try (ChainClient deposed = ChainClient.connect(RealNetwork.profile(CrashRig.ORG).connection("User3", 0),
                RetryPolicy.DEFAULT, function -> Optional.of(1L));
                ChainClient staleEpoch = ChainClient.connect(RealNetwork.profile(CrashRig.ORG).connection("User4", 0),
                        RetryPolicy.DEFAULT, function -> Optional.of(1L))) {
            assertThatThrownBy(() -> deposed.submit("task:SubmitResult", open, "s1", "1", digest, ""))
                    .isInstanceOfSatisfying(ChainException.class, e -> assertThat(e.code()).isEqualTo("NOT_MASTER"));
            assertThatThrownBy(() -> deposed.submit("task:ReportFailure", open, "s1", "1", "deposed"))
                    .isInstanceOfSatisfying(ChainException.class, e -> assertThat(e.code()).isEqualTo("NOT_MASTER"));
            assertThatThrownBy(() -> staleEpoch.submit("task:SubmitResult", open, "s1", "1", digest, ""))
                    .isInstanceOfSatisfying(ChainException.class, e -> assertThat(e.code()).isEqualTo("STALE_EPOCH"));
        }
        JsonNode s1 = rig.subtask(open, "s1");
        assertThat(s1.path("results")).as("nothing landed from the refused writes").isEmpty();
        assertThat(admin.cluster(CrashRig.MSP).master().memberId()).isEqualTo("b");
    }

    @Test
    @DisplayName("S4.2 S4.3 the chain as the authentication node: members enrolled by Org1's admin with the CLI "
            + "register, keep alive and take over only as themselves and by the rules; `weft cluster masters` "
            + "shows the master table; Org2's admin, Org1's non-admin user and an unenrolled identity are refused")
    void admissionAndMasterTableOnChain() throws Exception {
        try (ChainClient userA = ChainClient.connect(RealNetwork.profile(CrashRig.ORG).connection("User3", 0));
                ChainClient userB = ChainClient.connect(RealNetwork.profile(CrashRig.ORG).connection("User4", 0));
                ChainClient user1 = ChainClient.connect(RealNetwork.profile(CrashRig.ORG).connection("User1", 0));
                ChainClient org2Admin = ChainClient.connect(RealNetwork.profile("org2").connection("Admin", 0))) {
            ClusterLedger a = new ClusterLedger(userA);
            ClusterLedger b = new ClusterLedger(userB);
            String bId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User4", 0));
            String bX509 = bId.substring(bId.indexOf('/') + 1);
            // S4.2 admission: only Org1's own admin enrols into Org1's cluster.
            assertCode(() -> new ClusterLedger(org2Admin).enrol(CrashRig.MSP, "x", bX509, 5, "127.0.0.1:9", true),
                    "FORBIDDEN");
            assertCode(() -> new ClusterLedger(user1).enrol(CrashRig.MSP, "x", bX509, 5, "127.0.0.1:9", true),
                    "FORBIDDEN");
            assertThat(admin.cluster(CrashRig.MSP).member("x")).as("nothing enrolled by the refused calls").isNull();
            // Members act only as the identity enrolled for them; another organisation's has no member here.
            assertCode(() -> b.register("a"), "FORBIDDEN");
            assertCode(() -> new ClusterLedger(user1).register("a"), "FORBIDDEN");

            // S4.3 register, keepalive, query.
            JsonNode first = a.register("a");
            assertThat(first.path("epoch").asLong()).isEqualTo(1);
            assertCode(() -> b.register("b"), "CONFLICT");
            assertThat(a.keepalive("a", 1).path("isMaster").asBoolean()).isTrue();
            assertThat(b.keepalive("b", 1).path("isMaster").asBoolean()).isFalse();
            JsonNode listed = masterOf(cli("masters"), CrashRig.MSP);
            assertThat(listed.path("master").path("memberId").asText()).isEqualTo("a");
            assertThat(listed.path("master").path("epoch").asLong()).isEqualTo(1);
            assertThat(Instant.parse(listed.path("expiresAt").asText()))
                    .isEqualTo(Instant.parse(listed.path("lastKeepalive").asText()).plusSeconds(TTL_SECONDS));

            // S4.3 update, checked: not while the master is alive, not from a stale epoch; after aging, by CAS.
            assertCode(() -> b.update("b", 1), "MASTER_ALIVE");
            assertCode(() -> b.update("b", 0), "STALE_EPOCH");
            Instant expires = Instant.parse(new ClusterLedger(rig.admin).master(CrashRig.MSP).path("expiresAt")
                    .asText());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis() + 500));
            JsonNode next = b.update("b", 1);
            assertThat(next.path("epoch").asLong()).isEqualTo(2);
            assertThat(next.path("memberId").asText()).isEqualTo("b");
            assertCode(() -> a.keepalive("a", 1), "STALE_EPOCH");
            assertCode(() -> a.update("a", 1), "STALE_EPOCH");
            JsonNode status = cli("status");
            assertThat(status.path("master").path("master").path("memberId").asText()).isEqualTo("b");
            assertThat(status.path("master").path("master").path("epoch").asLong()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("S4.1 only the master runs and submits, the slave stands by; S4.4 a member enrolled while the "
            + "cluster runs joins without restarting the others and appears in the neighbour table")
    void onlyMasterSubmitsAndNewMemberJoins() throws Exception {
        RecoveryProcess a = member("a", "User3", 30);
        a.awaitLog("master of cluster org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4", 20);
        b.awaitLog("member b of cluster org1", Duration.ofMinutes(1));
        List<String> ids = RecoveryLoad.create(rig.creator, slowTask, 4, 4);
        rig.awaitAndAudit(ids);
        String aId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User3", 0));
        for (String id : ids) {
            assertThat(rig.subtask(id, "s1").path("results").get(0).path("submitter").asText()).isEqualTo(aId);
        }
        assertThat(b.log()).as("the slave never ran the scheduler").doesNotContain("starting the scheduler")
                .doesNotContain("master of cluster");

        // S4.4: c is enrolled and started while a and b run.
        long aPid = a.pid();
        long bPid = b.pid();
        Instant joined = Instant.now();
        cli("enrol", "c", "--identity", "User2", "--priority", "10", "--address", "127.0.0.1:3");
        RecoveryProcess c = member("c", "User2", 10);
        awaitKeepaliveAfter("c", joined);
        JsonNode table = cli("members");
        assertThat(table.path("epoch").asLong()).as("no takeover").isEqualTo(1);
        assertThat(roleOf(table, "a")).isEqualTo("MASTER");
        assertThat(roleOf(table, "b")).isEqualTo("SLAVE");
        assertThat(roleOf(table, "c")).isEqualTo("ORDINARY");
        for (JsonNode m : table.path("members")) {
            assertThat(m.path("live").asBoolean()).as(m.toString()).isTrue();
        }
        assertThat(a.isAlive() && a.pid() == aPid && b.isAlive() && b.pid() == bPid).as("a and b not restarted")
                .isTrue();
        assertThat(c.log()).doesNotContain("starting the scheduler");
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ChainException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    private static JsonNode masterOf(JsonNode masters, String msp) {
        for (JsonNode m : masters) {
            if (m.path("master").path("mspId").asText().equals(msp)) {
                return m;
            }
        }
        throw new AssertionError(msp + " not in " + masters);
    }

    private static String roleOf(JsonNode table, String member) {
        for (JsonNode m : table.path("members")) {
            if (m.path("memberId").asText().equals(member)) {
                return m.path("role").asText();
            }
        }
        throw new AssertionError(member + " not in " + table);
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

    private RecoveryProcess member(String member, String user, int priority) {
        RecoveryProcess p = rig.gateway("member-" + member + "-" + members.size(), dir.resolve("member-" + member
                + "-" + members.size()), rig.endpoints(), Map.of(), List.of("--user", user, "--cluster", "org1",
                "--member", member, "--priority", Integer.toString(priority), "--keepalive", "2s"));
        members.add(p);
        return p;
    }

    /** Waits until {@code member}'s on-chain keepalive is later than {@code after}: it is alive and following. */
    private static void awaitKeepaliveAfter(String member, Instant after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Instant last = null;
        while (System.nanoTime() < deadline) {
            last = admin.cluster(CrashRig.MSP).member(member).lastKeepalive();
            if (last != null && last.isAfter(after)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(member + " sent no keepalive after " + after + " (last " + last + ")");
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
        assertThat(running).as("subtasks running on the engine when the master is killed").isGreaterThanOrEqualTo(2);
    }
}
