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
import dev.weft.gateway.cluster.LivenessTable;
import dev.weft.gateway.cluster.PairLedger;
import dev.weft.gateway.cluster.PairStatus;
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
 * dissolves it afterwards, so Org1 is unfenced for every other test class. Nothing
 * assumes a fresh channel: a cluster another test left is dissolved first, task
 * definitions get unique IDs, and every assertion is about this test's tasks, this
 * pair's history (from its CreatePair block) and this test's processes.
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
    @DisplayName("S3.1 S3.2 S3.3 S3.5 kill -9 of the validator with tasks in flight: beacons endorsed in its name "
            + "but never committed do not count, the sync member promotes itself at the next epoch from N windows "
            + "without the validator's committed beacons (0 subtasks lost, 0 results landed twice); the former "
            + "validator restarts on its data as sync member and is promoted back when its partner is killed: "
            + "the same node takes either role, both ways")
    void validatorKilledSyncPromotesAndRolesSwapBack() throws Exception {
        RecoveryProcess a = member("a", "User3");
        a.awaitLog("validator of pair org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4");
        b.awaitLog("decision STAY", Duration.ofMinutes(1));
        String aId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User3", 0));
        String bId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User4", 0));

        List<String> ids = RecoveryLoad.create(rig.creator, slowTask, 12, 6);
        awaitRunning(rig.engineClients.get(0), ids);
        assertThat(a.kill()).isEqualTo(RecoveryProcess.SIGKILL_STATUS);

        // S3.2: a's identity keeps getting beacons endorsed (the chaincode accepts them and computes their
        // window) but never sends them to the orderer; only committed blocks are liveness, so b still promotes.
        String promoted;
        int endorsed;
        try (UncommittedBeacons ghost = new UncommittedBeacons("User3", "a")) {
            promoted = b.awaitLog("validator of pair org1 at epoch 2", Duration.ofMinutes(2));
            endorsed = ghost.stop();
        }
        assertThat(endorsed).as("beacons of a endorsed, not committed, while b decided").isGreaterThanOrEqualTo(N);
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

        // S3.1: the same kind of node, the same command, on the data folder the killed validator left.
        Instant restarted = Instant.now();
        RecoveryProcess a2 = member("a", "User3", dir.resolve("pair-a-0"));
        awaitBeacon("a", "SYNC", restarted);
        a2.awaitLog("decision STAY", Duration.ofMinutes(1));
        List<String> whileSync = RecoveryLoad.create(rig.creator, slowTask, 4, 4);
        rig.awaitAndAudit(whileSync);
        assertThat(a2.log()).as("the restarted member stays sync while b is alive")
                .doesNotContain("starting the scheduler").doesNotContain("validator of pair");

        assertThat(b.kill()).isEqualTo(RecoveryProcess.SIGKILL_STATUS);
        String back = a2.awaitLog("validator of pair org1 at epoch 3", Duration.ofMinutes(2));
        assertThat(back).contains("b not alive in the last 3 windows, itself in all (S3.3)");
        List<String> afterSwap = RecoveryLoad.create(rig.creator, slowTask, 4, 4);
        rig.awaitAndAudit(afterSwap);
        for (String id : whileSync) {
            assertThat(rig.subtask(id, "s1").path("results").get(0).path("submitter").asText()).isEqualTo(bId);
        }
        for (String id : afterSwap) {
            JsonNode results = rig.subtask(id, "s1").path("results");
            assertThat(results).hasSize(1);
            assertThat(results.get(0).path("submitter").asText()).as("a is validator again").isEqualTo(aId);
        }
        JsonNode master = pairs.pair(CrashRig.MSP).path("master");
        assertThat(master.path("memberId").asText()).isEqualTo("a");
        assertThat(master.path("epoch").asLong()).as("two promotions, one per epoch").isEqualTo(3);
    }

    @Test
    @DisplayName("S3.2 S3.3 quiet channel: both members paused for more than N windows, so no beacon of the pair "
            + "commits, is not read as a dead member: no promotion, a acts as validator at epoch 1 again; Org1's, "
            + "Org2's and Org3's `weft cluster status` compute the same liveness table from the committed blocks, "
            + "each beacon a valid transaction signed by its member's identity")
    void quietChannelNoSwitchSameTableEverywhere() throws Exception {
        RecoveryProcess a = member("a", "User3");
        a.awaitLog("validator of pair org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4");
        b.awaitLog("decision STAY", Duration.ofMinutes(1));
        String aId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User3", 0));
        String bId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User4", 0));

        long heightBefore;
        long heightAfter;
        String beaconsBefore;
        String beaconsAfter;
        b.pause();
        a.pause();
        try {
            Thread.sleep(Duration.ofSeconds(WINDOW_SECONDS).toMillis()); // beacons already sent commit
            heightBefore = rig.reader.blockHeight();
            beaconsBefore = pairs.pair(CrashRig.MSP).path("beacons").toString();
            Thread.sleep(Duration.ofSeconds((N + 1L) * WINDOW_SECONDS).toMillis());
            heightAfter = rig.reader.blockHeight();
            beaconsAfter = pairs.pair(CrashRig.MSP).path("beacons").toString();
        } finally {
            a.resume();
            b.resume();
        }
        Instant resumed = Instant.now();
        System.out.printf("quiet: %d s without a beacon of the pair; channel height %d -> %d%n",
                (N + 1) * WINDOW_SECONDS, heightBefore, heightAfter);
        assertThat(beaconsAfter).as("no beacon of the pair committed for N + 1 windows").isEqualTo(beaconsBefore);

        awaitBeacon("a", "VALIDATOR", resumed);
        awaitBeacon("b", "SYNC", resumed);
        List<String> after = RecoveryLoad.create(rig.creator, slowTask, 4, 4);
        rig.awaitAndAudit(after);
        // The latest moment a promotion could come from windows that include the quiet time: N + 2 windows on.
        Duration rest = Duration.between(Instant.now(), resumed.plusSeconds((N + 2L) * WINDOW_SECONDS));
        if (!rest.isNegative()) {
            Thread.sleep(rest.toMillis());
        }
        for (String id : after) {
            assertThat(rig.subtask(id, "s1").path("results").get(0).path("submitter").asText())
                    .as("a is still the validator").isEqualTo(aId);
        }
        assertThat(b.log()).doesNotContain("validator of pair").doesNotContain("promotion from epoch");
        JsonNode master = pairs.pair(CrashRig.MSP).path("master");
        assertThat(master.path("memberId").asText()).isEqualTo("a");
        assertThat(master.path("epoch").asLong()).as("no switch").isEqualTo(1);

        // Freeze the chain's record of the pair, then let three organisations' CLIs compute it.
        a.kill();
        b.kill();
        JsonNode org1 = status("org1");
        JsonNode org2 = status("org2");
        JsonNode org3 = status("org3");
        assertThat(org1.path("lastWindows")).hasSize(N);
        for (JsonNode w : org1.path("lastWindows")) {
            assertThat(w.path("alive").toString()).as(org1.toString()).isEqualTo("{\"a\":true,\"b\":true}");
        }
        assertThat(org1.path("decisions").toString()).isEqualTo("{\"a\":\"STAY\",\"b\":\"STAY\"}");
        // throughBlock is each call's channel height; the pair's record is frozen, so all else must agree.
        assertThat(withoutHeight(org2)).isEqualTo(withoutHeight(org1));
        assertThat(withoutHeight(org3)).isEqualTo(withoutHeight(org1));

        // The same table, computed here from Org3's peer, block by block: every beacon a valid transaction of its
        // member's identity (checked on Org2's peer), the quiet windows skipped, no prefix of the blocks promotes.
        PairLedger.Settings s = PairLedger.settings(pairs.pair(CrashRig.MSP));
        List<PairStatus.Beacon> beacons = PairStatus.beacons(rig.reader, CrashRig.MSP, pairs.blockOf(s.txId()),
                org1.path("throughBlock").asLong());
        LivenessTable table = new LivenessTable(s.members(), N);
        long gap = 0;
        long previous = Long.MIN_VALUE;
        for (PairStatus.Beacon beacon : beacons) {
            assertThat(TransactionCheck.validCreator(rig.creator, beacon.transactionId()))
                    .as("beacon %s", beacon).isEqualTo(beacon.memberId().equals("a") ? aId : bId);
            if (previous != Long.MIN_VALUE && beacon.round() > previous) {
                gap = Math.max(gap, beacon.round() - previous);
            }
            previous = Math.max(previous, beacon.round());
            table.add(beacon.memberId(), beacon.round());
            assertThat(table.decide("b", false)).as("b's decision after block %d", beacon.blockNumber())
                    .isNotEqualTo(LivenessTable.Decision.PROMOTE);
        }
        assertThat(gap).as("windows without any beacon of the pair (the quiet time)").isGreaterThan(N);
        List<Long> rounds = new ArrayList<>();
        org1.path("lastWindows").forEach(w -> rounds.add(w.path("round").asLong()));
        assertThat(table.lastClosed(N)).extracting(LivenessTable.Window::round).containsExactlyElementsOf(rounds);
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
        return member(member, user, dir.resolve("pair-" + member + "-" + members.size()));
    }

    /** {@code weft gateway run --cluster org1 --member MEMBER --pair} as {@code user} on the data folder {@code data}. */
    private RecoveryProcess member(String member, String user, Path data) {
        RecoveryProcess p = rig.gateway("pair-" + member + "-" + members.size(), data, rig.endpoints(), Map.of(),
                List.of("--user", user, "--cluster", "org1", "--member", member, "--pair"));
        members.add(p);
        return p;
    }

    /** {@code weft cluster status Org1MSP --output json} as {@code org}'s User1: the pair part. */
    private static JsonNode status(String org) {
        WeftCli.Run run = WeftCli.run("cluster", "status", CrashRig.MSP, "--profile", WeftCli.profile(org),
                "--output", "json");
        assertThat(run.code).as(run.all()).isZero();
        return WeftCli.read(run.out).path("pair");
    }

    private static JsonNode withoutHeight(JsonNode status) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = status.deepCopy();
        copy.remove("throughBlock");
        return copy;
    }

    /**
     * Has {@code pair:Beacon} proposals of {@code memberId} endorsed with {@code user}'s identity every second,
     * and never sends them to the orderer: what a member that cannot reach the orderer leaves behind.
     */
    private static final class UncommittedBeacons implements AutoCloseable {
        private final ChainClient client;
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicInteger endorsed = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean running = true;

        UncommittedBeacons(String user, String memberId) {
            client = ChainClient.connect(RealNetwork.profile(CrashRig.ORG).connection(user, 0));
            thread = new Thread(() -> {
                while (running) {
                    try {
                        client.network().getContract(client.config().chaincode()).newProposal("pair:Beacon")
                                .addArguments(memberId, "VALIDATOR", "1").build().endorse();
                        endorsed.incrementAndGet();
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        System.out.println("uncommitted beacon not endorsed: " + e.getMessage());
                    }
                }
            }, "uncommitted-beacons");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops endorsing; returns how many beacons were endorsed. */
        int stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(30_000);
            return endorsed.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            client.close();
        }
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
