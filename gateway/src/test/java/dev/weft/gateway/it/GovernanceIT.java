package dev.weft.gateway.it;

import static dev.weft.gateway.it.GovernanceNetwork.cli;
import static dev.weft.gateway.it.GovernanceNetwork.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.bench.RecoveryProcess;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.GovernanceNotices;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.routing.RolloutOperations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Proposal, vote events, votes, tally, grant and the granted request on the real channel, through the CLI. */
@ExtendWith(RealNetwork.class)
class GovernanceIT {
    private static final String PRE_RELEASE_PARAMS = "{\"oldVersion\":{\"label\":\"1\",\"chaincode\":\"asset_v1\"},"
            + "\"newVersion\":{\"label\":\"2\",\"chaincode\":\"asset_v2\"}}";

    @BeforeAll
    static void governance() {
        GovernanceNetwork.settings();
    }

    private static String propose(String org, String type, String route, String params) {
        GovernanceNetwork.Run p = cli("proposal", "create", "--type", type, "--target", route, "--params", params,
                "--voter-org", "Org1MSP", "--voter-org", "Org2MSP", "--voter-org", "Org3MSP",
                "--description", "GovernanceIT", "--user", "Admin", "--profile", profile(org), "-o", "json");
        assertThat(p.code()).as(p.all()).isZero();
        JsonNode proposal = p.json().path("proposal");
        assertThat(proposal.path("status").asText()).isEqualTo("OPEN");
        return proposal.path("id").asText();
    }

    private static GovernanceNotices.Notice next(BlockingQueue<GovernanceNotices.Notice> q,
            GovernanceNotices.Kind kind, String proposalId) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            GovernanceNotices.Notice n = q.poll(1, TimeUnit.SECONDS);
            if (n != null && n.kind() == kind && n.proposalId().equals(proposalId)) {
                return n;
            }
        }
        throw new AssertionError("no " + kind + " notice for " + proposalId + " within 60 s");
    }

    @Test
    @DisplayName("S2.1 S2.2 S2.3 S2.4 S2.5 S2.6 Org1 proposes, Org2 is asked to vote, three orgs vote, the tally grants "
            + "Org1 the operation, and only Org1 may use it, once")
    void proposalVoteTallyGrantExecute() throws Exception {
        String route = GovernanceNetwork.unique("gov-it");
        BlockingQueue<GovernanceNotices.Notice> org1 = new LinkedBlockingQueue<>();
        BlockingQueue<GovernanceNotices.Notice> org2 = new LinkedBlockingQueue<>();
        try (ChainClient c1 = RealNetwork.client("org1", "Admin"); ChainClient c2 = RealNetwork.client("org2", "Admin");
                GovernanceNotices n1 = GovernanceNotices.start(() -> c1, "Org1MSP", c1.blockHeight(),
                        new InMemoryCheckpointer(), org1::add);
                GovernanceNotices n2 = GovernanceNotices.start(() -> c2, "Org2MSP", c2.blockHeight(),
                        new InMemoryCheckpointer(), org2::add)) {
            String id = propose("org1", "PRE_RELEASE", route, PRE_RELEASE_PARAMS);

            GovernanceNotices.Notice asked = next(org2, GovernanceNotices.Kind.VOTE_REQUESTED, id);   // S2.2, S2.6
            assertThat(asked.slots()).containsExactly("org:Org2MSP");
            assertThat(asked.describe()).contains("PRE_RELEASE " + route);
            GovernanceNetwork.Run early = cli("proposal", "tally", id, "--profile", profile("org3"));
            assertThat(early.code()).as(early.all()).isEqualTo(7);
            assertThat(early.out()).contains("still undecided");

            GovernanceNetwork.orgsVote(id, "yes", "org1", "org2", "org3");                              // S2.3
            GovernanceNetwork.Run tally = cli("proposal", "tally", id, "--profile", profile("org2"));
            assertThat(tally.code()).as(tally.all()).isZero();
            assertThat(tally.out()).contains("PASSED").contains("3 of 3 voters voted yes").contains("grant issued");

            Governance gov1 = new Governance(c1);
            JsonNode grant = gov1.grant(id);                                                              // S2.4
            assertThat(grant.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(grant.path("grantee").asText()).isEqualTo(GovernanceNetwork.qualifiedId("org1", "Admin"));
            GovernanceNotices.Notice decided = next(org1, GovernanceNotices.Kind.DECIDED, id);            // S2.6
            assertThat(decided.describe()).contains("PASSED");

            JsonNode op = gov1.proposal(id).path("operation");                                            // S2.5
            assertThatThrownBy(() -> new Governance(c2).execute(id, op)).isInstanceOfSatisfying(ChainException.class,
                    e -> assertThat(e.code()).isEqualTo("FORBIDDEN"));
            assertThatThrownBy(() -> gov1.execute(id, RolloutOperations.switchover(route, null)))
                    .isInstanceOfSatisfying(ChainException.class, e -> assertThat(e.code()).isEqualTo("FORBIDDEN"));
            Governance.Submitted done = gov1.execute(id, op);
            assertThat(done.value().path("result").path("phase").asText()).isEqualTo("PRE_RELEASE");
            assertThat(done.value().path("grant").path("status").asText()).isEqualTo("USED");
            assertThatThrownBy(() -> gov1.execute(id, op)).isInstanceOfSatisfying(ChainException.class,
                    e -> assertThat(e.code()).isEqualTo("ALREADY_EXISTS"));
            assertThat(next(org2, GovernanceNotices.Kind.EXECUTED, id).describe()).contains("was executed");

            GovernanceNetwork.Run list = cli("proposal", "list", "--status", "PASSED", "--target", route, "--all",
                    "--profile", profile("org3"));
            assertThat(list.out()).contains(id).contains("PRE_RELEASE " + route);
            GovernanceNetwork.Run show = cli("proposal", "show", id, "--profile", profile("org3"));
            assertThat(show.out()).contains("PASSED").contains("USED for Org1MSP:Admin@org1.example.com")
                    .containsPattern("org:Org3MSP +YES");
        }
    }

    @Test
    @DisplayName("S2.3 S2.4 two no votes reject a proposal early and grant nothing; non-voters and double votes are refused")
    void rejectionAndRefusals() {
        String id = propose("org1", "SWITCH", GovernanceNetwork.unique("gov-it-no"), "{}");
        GovernanceNetwork.Run outsider = cli("proposal", "vote", id, "yes", "--user", "User1",
                "--profile", profile("org2"));
        assertThat(outsider.code()).as(outsider.all()).isEqualTo(4);
        assertThat(outsider.err()).contains("FORBIDDEN");
        GovernanceNetwork.orgsVote(id, "no", "org2", "org3");
        GovernanceNetwork.Run again = cli("proposal", "vote", id, "yes", "--user", "Admin", "--profile",
                profile("org3"));
        assertThat(again.err()).contains("ALREADY_EXISTS");
        GovernanceNetwork.Run tally = cli("proposal", "tally", id, "--profile", profile("org1"), "-o", "json");
        assertThat(tally.code()).as(tally.all()).isEqualTo(6);
        assertThat(tally.json().path("proposal").path("status").asText()).isEqualTo("REJECTED");
        assertThat(tally.json().has("grant")).isFalse();
        try (ChainClient c = RealNetwork.client("org1", "Admin")) {
            assertThat(new Governance(c).findGrant(id)).isEmpty();
        }
    }

    @Test
    @DisplayName("S2.2 S2.3 a voter's watch receives the vote request and answers it")
    void watchAnswersVoteRequests() throws Exception {
        long from;
        try (ChainClient c = RealNetwork.client("org3", "Admin")) {
            from = c.blockHeight();
        }
        CompletableFuture<GovernanceNetwork.Run> watch = CompletableFuture.supplyAsync(() -> cli("proposal", "watch",
                "--vote", "yes", "--count", "1", "--timeout", "90s", "--from-block", Long.toString(from),
                "--user", "Admin", "--profile", profile("org3")));
        String id = propose("org1", "SWITCH", GovernanceNetwork.unique("gov-it-watch"), "{}");
        GovernanceNetwork.Run watched = watch.get(120, TimeUnit.SECONDS);
        assertThat(watched.code()).as(watched.all()).isZero();
        assertThat(watched.out()).contains("vote requested on proposal " + id).contains("voted YES in block");
        try (ChainClient c = RealNetwork.client("org1", "User1")) {
            JsonNode votes = new Governance(c).tallyView(id).path("votes");
            assertThat(votes).hasSize(1);
            assertThat(Json.CONTRACT.write(votes.get(0))).contains("\"voter\":\"org:Org3MSP\"").contains("\"choice\":\"YES\"");
        }
    }

    @Test
    @DisplayName("S2.6 a running gateway logs the vote requests addressed to its organisation, "
            + "also those that came while it was stopped")
    void runningGatewayLogsVoteRequests(@TempDir Path dir) throws Exception {
        // The gateway needs an engine to start; nothing listens on this one, and no task runs here.
        List<String> engines = List.of("127.0.0.1:1");
        String first;
        try (RecoveryProcess gateway = RecoveryProcess.gateway("gov-gateway-org2", profile("org2"), engines,
                dir.resolve("data"), 2, Map.of(), List.of(), dir)) {
            first = propose("org1", "SWITCH", GovernanceNetwork.unique("gov-it-gateway"), "{}");
            assertThat(gateway.awaitLog("vote requested on proposal " + first, Duration.ofSeconds(60)))
                    .contains("Org2MSP").contains("your voter slots: org:Org2MSP");
            gateway.stop();
        }
        String second = propose("org1", "SWITCH", GovernanceNetwork.unique("gov-it-gateway"), "{}");
        try (RecoveryProcess again = RecoveryProcess.gateway("gov-gateway-org2-again", profile("org2"), engines,
                dir.resolve("data"), 2, Map.of(), List.of(), dir)) {
            assertThat(again.awaitLog("vote requested on proposal " + second, Duration.ofSeconds(60)))
                    .contains("Org2MSP");
        }
    }
}
