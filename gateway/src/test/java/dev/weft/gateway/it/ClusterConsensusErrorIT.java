package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.bench.RecoveryLoad;
import dev.weft.gateway.bench.RecoveryProcess;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.ClusterView;
import dev.weft.gateway.governance.QualifiedId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * S4.7 on the real network: three organisations compute the same sum over their
 * copies of the reference table; Org1's master (member a) runs on an engine whose
 * copy is wrong. Org2's and Org3's gateways (real {@code weft gateway run}
 * processes) report each disagreement to Org1's cluster; at the chain's threshold
 * (the default: 3 reports in 600 s) the master is force-switched: a becomes not
 * electable, the epoch moves, b (the slave, on a correct engine) takes over and c
 * becomes the slave. Org1's admin restores a with {@code weft cluster restore}.
 * The cluster is dissolved afterwards, so Org1 is unfenced for every other test.
 */
@ExtendWith(RealNetwork.class)
class ClusterConsensusErrorIT {
    private static final int TTL_SECONDS = 6;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static CrashRig rig;
    static ClusterLedger admin;
    static String definition;
    static RecoveryProcess badEngine;
    static RecoveryProcess goodEngine;
    static RecoveryProcess org2Gateway;
    static RecoveryProcess org3Gateway;
    static final List<RecoveryProcess> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        rig = new CrashRig(dir);
        admin = new ClusterLedger(rig.admin);
        dissolveIfPresent();
        Path queries = Files.writeString(dir.resolve("queries.json"),
                "{\"sales-amounts\": \"SELECT amount FROM sales\"}");
        // Every organisation holds the same reference rows (those of org1); Org1's bad engine a wrong copy.
        badEngine = engine("bad-engine", "org1", "org7", queries);
        goodEngine = engine("good-engine", "org1", "org1", queries);
        RecoveryProcess org2Engine = engine("org2-engine", "org2", "org1", queries);
        RecoveryProcess org3Engine = engine("org3-engine", "org3", "org1", queries);
        org2Gateway = RecoveryProcess.gateway("org2-gateway", RealNetwork.profilePath("org2").toString(),
                List.of(org2Engine.endpoint()), dir.resolve("org2-gateway"), 4, Map.of(), List.of(), rig.logs);
        processes.add(org2Gateway);
        org3Gateway = RecoveryProcess.gateway("org3-gateway", RealNetwork.profilePath("org3").toString(),
                List.of(org3Engine.endpoint()), dir.resolve("org3-gateway"), 4, Map.of(), List.of(), rig.logs);
        processes.add(org3Gateway);
        definition = "consensus-" + Long.toString(System.currentTimeMillis(), 36);
        Consent.defineActive(rig.admin, "{\"id\":\"" + definition + "\",\"description\":\"three organisations sum "
                + "the same reference rows\",\"subtasks\":[{\"name\":\"tally\",\"operation\":\"sum\","
                + "\"participants\":[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"],\"parameters\":{\"query\":\"sales-amounts\"},"
                + "\"timeoutSeconds\":1200}]}");
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            processes.forEach(RecoveryProcess::close);
            dissolveIfPresent();
            rig.close();
        }
    }

    @Test
    @DisplayName("S4.7 a master whose engine returns wrong results for multi-party subtasks is reported by the other "
            + "participants and force-switched: not electable, epoch moves, the slave takes over, a new slave; "
            + "the admin restores it")
    void wrongMasterIsForceSwitched() throws Exception {
        long fromBlock = rig.reader.blockHeight();
        cli("create", "org1", "--ttl", TTL_SECONDS + "s");
        cli("enrol", "a", "--identity", "User3", "--priority", "30", "--address", "127.0.0.1:1");
        cli("enrol", "b", "--identity", "User4", "--priority", "20", "--address", "127.0.0.1:2");
        cli("enrol", "c", "--identity", "User2", "--priority", "10", "--address", "127.0.0.1:3");
        RecoveryProcess a = member("a", "User3", 30, badEngine);
        a.awaitLog("master of cluster org1 at epoch 1", Duration.ofMinutes(1));
        RecoveryProcess b = member("b", "User4", 20, goodEngine);
        RecoveryProcess c = member("c", "User2", 10, goodEngine);
        b.awaitLog("member b of cluster org1", Duration.ofMinutes(1));
        c.awaitLog("member c of cluster org1", Duration.ofMinutes(1));

        // Two tasks: two disagreements singling out Org1, two reports each (Org2, Org3); the third forces the switch.
        List<String> wrong = RecoveryLoad.create(rig.creator, definition, 2, 2);
        assertThat(rig.events.awaitEnded(wrong, Duration.ofMinutes(3))).as("both tasks ended").isTrue();
        for (String id : wrong) {
            JsonNode tally = rig.subtask(id, "tally");
            assertThat(tally.path("state").path("status").asText()).isEqualTo("FAILED");
            assertThat(tally.path("state").path("failures").get(0).path("disagreement").path("dissenters").toString())
                    .isEqualTo("[\"Org1MSP\"]");
        }
        b.awaitLog("master of cluster org1 at epoch 3", Duration.ofMinutes(2));
        // a steps down because the chain moved on (a lapse of its lease under load says something else).
        awaitStepDown(a, Duration.ofSeconds(30));

        ClusterView view = admin.cluster(CrashRig.MSP);
        assertThat(view.master().memberId()).isEqualTo("b");
        assertThat(view.master().epoch()).as("forced switch to epoch 2 (no master), b registered at 3").isEqualTo(3);
        assertThat(view.member("a").electable()).as("a is not electable after the forced switch").isFalse();
        JsonNode table = cli("members");
        assertThat(roleOf(table, "b")).isEqualTo("MASTER");
        assertThat(roleOf(table, "c")).as("a new slave is elected").isEqualTo("SLAVE");
        assertThat(roleOf(table, "a")).isEqualTo("ORDINARY");
        String gatewayLogs = org2Gateway.log() + org3Gateway.log();
        assertThat(gatewayLogs).contains("forced switch of Org1MSP's master");

        WeftCli.Run watch = WeftCli.run("cluster", "watch", "Org1MSP", "--from-block", Long.toString(fromBlock),
                "--timeout", "5s", "--user", "Admin", "--profile", WeftCli.profile(CrashRig.ORG), "--output", "json");
        assertThat(watch.code).as(watch.all()).isZero();
        List<JsonNode> events = watch.out.lines().filter(l -> l.startsWith("{")).map(WeftCli::read).toList();
        List<String> kinds = events.stream().map(e -> e.path("kind").asText()).toList();
        assertThat(kinds).contains("CONSENSUS_ERROR", "FORCED_SWITCH");
        JsonNode forced = events.stream().filter(e -> e.path("kind").asText().equals("FORCED_SWITCH")).findFirst()
                .orElseThrow();
        assertThat(forced.path("previousMemberId").asText()).isEqualTo("a");
        assertThat(forced.path("errorCount").asInt()).isEqualTo(3);
        assertThat(forced.path("report").path("accusedMemberId").asText()).isEqualTo("a");

        // The new master's engine is right: new tasks complete, Org1's result signed by b.
        List<String> right = RecoveryLoad.create(rig.creator, definition, 2, 2);
        assertThat(rig.events.awaitEnded(right, Duration.ofMinutes(3))).as("new tasks ended").isTrue();
        String bId = QualifiedId.of(RealNetwork.profile(CrashRig.ORG).connection("User4", 0));
        for (String id : right) {
            JsonNode tally = rig.subtask(id, "tally");
            assertThat(tally.path("state").path("status").asText()).as(tally.toString()).isEqualTo("COMPLETED");
            boolean byB = false;
            for (JsonNode r : tally.path("results")) {
                byB |= r.path("mspId").asText().equals(CrashRig.MSP) && r.path("submitter").asText().equals(bId);
            }
            assertThat(byB).as("Org1's result signed by b").isTrue();
        }

        JsonNode restored = cli("restore", "a");
        assertThat(restored.path("electable").asBoolean()).isTrue();
        assertThat(admin.cluster(CrashRig.MSP).member("a").electable()).isTrue();
        assertThat(admin.cluster(CrashRig.MSP).master().memberId()).as("restoring does not preempt").isEqualTo("b");
    }

    private static void awaitStepDown(RecoveryProcess p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!p.log().matches("(?s).*stops submitting: (the chain names|its epoch \\d+ is stale).*")) {
            assertThat(System.nanoTime() < deadline).as("%s stepped down after the switch:%n%s", p.name(), p.log())
                    .isTrue();
            Thread.sleep(200);
        }
    }

    private static String roleOf(JsonNode table, String member) {
        for (JsonNode m : table.path("members")) {
            if (m.path("memberId").asText().equals(member)) {
                return m.path("role").asText();
            }
        }
        throw new AssertionError(member + " not in " + table);
    }

    private static RecoveryProcess engine(String name, String org, String seed, Path queries) {
        RecoveryProcess e = RecoveryProcess.engine(name, RealNetwork.profilePath(org).toString(), dir.resolve(name), 4,
                rig.logs, List.of("--seed-demo", seed, "--queries", queries.toString()));
        processes.add(e);
        return e;
    }

    private RecoveryProcess member(String member, String user, int priority, RecoveryProcess engine) {
        RecoveryProcess p = rig.gateway("member-" + member, dir.resolve("member-" + member),
                List.of(engine.endpoint()), Map.of(), List.of("--user", user, "--cluster", "org1", "--member", member,
                        "--priority", Integer.toString(priority), "--keepalive", "2s"));
        processes.add(p);
        return p;
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

    private static void dissolveIfPresent() {
        try {
            admin.cluster(CrashRig.MSP);
        } catch (ChainException e) {
            return;
        }
        cli("dissolve");
    }
}
