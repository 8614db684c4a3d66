package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.bench.RecoveryEvents;
import dev.weft.gateway.bench.RecoveryLoad;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.ClusterView;
import dev.weft.gateway.governance.QualifiedId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * S4.8 on the real network: {@code ./test-network.sh cluster up} starts every
 * organisation's gateway cluster as three members over three sites (site N: its own
 * run folder {@code sites/siteN} and port range), every master on site 1. The whole of
 * site 1 is killed at once (SIGKILL of each of its processes) while multi-organisation
 * tasks are in flight. {@code cluster down} dissolves the clusters afterwards, so the
 * organisations are unfenced again for every other test class on the shared network.
 */
@ExtendWith(RealNetwork.class)
class ClusterSitesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ORGS = {"org1", "org2", "org3"};

    @Test
    @DisplayName("S4.8 three members per organisation over three sites; the whole site of every master killed: "
            + "every cluster takes a master on another site at the next epoch, and tasks of all three "
            + "organisations complete, 0 subtasks lost, 0 results landed twice")
    void wholeSiteLostEveryClusterKeepsAMaster() throws Exception {
        Map<String, ChainClient> admins = new LinkedHashMap<>();
        for (String org : ORGS) {
            admins.put(org, RealNetwork.client(org, "Admin"));
        }
        ChainClient reader = RealNetwork.client("org3", "User1");
        ChainClient creator = RealNetwork.client("org2", "User1");
        RecoveryEvents events = RecoveryEvents.listen(reader, reader.blockHeight());
        try {
            RealNetwork.script("cluster", "up").orThrow();
            Map<String, Long> epochs = new LinkedHashMap<>();
            for (String org : ORGS) {
                ClusterView view = new ClusterLedger(admins.get(org)).cluster(msp(org));
                assertThat(view.members()).extracting(ClusterView.MemberRow::memberId)
                        .containsExactlyInAnyOrder("m1", "m2", "m3");
                assertThat(view.master().memberId()).as(org + ": the master starts on site 1").isEqualTo("m1");
                epochs.put(org, view.master().epoch());
            }
            String definition = define(admins.get("org1"));
            List<String> before = RecoveryLoad.create(creator, definition, 6, 3);
            Thread.sleep(1500); // work of every organisation in flight when the site goes

            String killed = RealNetwork.script("cluster", "kill-site", "1").orThrow().output();
            for (String org : ORGS) {
                assertThat(killed).contains("member-" + org + "-m1");
            }
            for (String org : ORGS) {
                ClusterView view = awaitMasterOtherThan(new ClusterLedger(admins.get(org)), msp(org), "m1");
                assertThat(view.master().memberId()).as(org + ": the slave, on site 2").isEqualTo("m2");
                assertThat(view.master().epoch()).isEqualTo(epochs.get(org) + 1);
            }
            List<String> after = RecoveryLoad.create(creator, definition, 6, 3);
            List<String> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(events.awaitEnded(all, Duration.ofMinutes(4)))
                    .as("all %d tasks ended (%d did)", all.size(), events.ended(all)).isTrue();
            for (String org : ORGS) {
                RecoveryLoad.Audit audit = RecoveryLoad.audit(reader, all, msp(org), events, List.of());
                assertThat(audit.lost()).as(org + ": subtasks lost").isZero();
                assertThat(audit.duplicateResults()).as(org + ": results landed twice").isZero();
            }
            for (String id : after) {
                JsonNode task = JSON.readTree(reader.evaluate("task:GetTask", id));
                for (JsonNode s : task.path("subtasks")) {
                    JsonNode result = s.path("results").get(0);
                    String org = "org" + s.path("state").path("name").asText().substring(1);
                    assertThat(result.path("submitter").asText()).as(id + " " + s)
                            .isEqualTo(QualifiedId.of(RealNetwork.profile(org).connection("User3", 0)));
                }
            }
            String status = RealNetwork.script("cluster", "status").orThrow().output();
            assertThat(status).contains("member-org1-m1").containsPattern("member-org1-m1\\s+pid \\d+\\s+DEAD")
                    .containsPattern("member-org1-m2\\s+pid \\d+\\s+running");
        } finally {
            RealNetwork.script("cluster", "down");
            events.close();
            reader.close();
            creator.close();
            admins.values().forEach(ChainClient::close);
        }
    }

    private static String msp(String org) {
        return "Org" + org.substring(3) + "MSP";
    }

    /** One subtask per organisation (s1 for Org1, s2 for Org2, s3 for Org3) on its standard engine. */
    private static String define(ChainClient admin) throws Exception {
        List<Map<String, Object>> subtasks = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            subtasks.add(Map.of("name", "s" + i, "operation", "sum", "participants", List.of("Org" + i + "MSP"),
                    "parameters", Map.of("values", i + ",10,100", "delay-ms", "1500")));
        }
        String id = "sites-" + Long.toString(System.currentTimeMillis(), 36);
        Consent.defineActive(admin, JSON.writeValueAsString(Map.of("id", id,
                "description", "one subtask per organisation for the S4.8 site test", "subtasks", subtasks)));
        return id;
    }

    private static ClusterView awaitMasterOtherThan(ClusterLedger ledger, String msp, String gone)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        ClusterView view = ledger.cluster(msp);
        while (System.nanoTime() < deadline) {
            view = ledger.cluster(msp);
            if (view.master().hasMaster() && !view.master().memberId().equals(gone)) {
                return view;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(msp + " has no master other than " + gone + " at " + Instant.now() + ": " + view);
    }
}
