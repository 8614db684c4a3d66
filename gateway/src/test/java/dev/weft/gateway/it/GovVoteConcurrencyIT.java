package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.RetryPolicy;
import dev.weft.gateway.governance.Governance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every voter of three organisations — each organisation through its admin, and
 * every named voter identity — votes on several proposals at the same moment.
 * Clients never retry here, so any MVCC conflict would surface as a failed vote.
 */
@ExtendWith(RealNetwork.class)
class GovVoteConcurrencyIT {
    private static final int PROPOSALS = 3;
    private static final RetryPolicy NO_RETRY = new RetryPolicy(1, 1, 1);

    private record Voter(String org, String user, String qualifiedId) {
    }

    private record Cast(Voter voter, String proposalId, long block, int attempts, String conflict) {
    }

    @Test
    @DisplayName("S2.3 three organisations and all their named voters vote at once: every vote commits, zero MVCC conflicts")
    void concurrentVotesNeverConflict() throws Exception {
        JsonNode settings = GovernanceNetwork.settings();
        List<Voter> voters = voters(settings);
        assertThat(voters).hasSizeGreaterThanOrEqualTo(3);
        List<String> proposals = new ArrayList<>();
        try (ChainClient admin = RealNetwork.client("org1", "Admin")) {
            for (int i = 0; i < PROPOSALS; i++) {
                proposals.add(new Governance(admin).propose("{\"operation\":{\"type\":\"SWITCH\",\"target\":\""
                        + GovernanceNetwork.unique("concurrent-votes") + "\",\"params\":{}},\"description\":"
                        + "\"GovVoteConcurrencyIT\"}").value().path("id").asText());
            }
        }
        Map<Voter, ChainClient> clients = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(voters.size() * PROPOSALS);
        try {
            for (Voter v : voters) {
                clients.put(v, ChainClient.connect(RealNetwork.profile(v.org()).connection(v.user(), 0), NO_RETRY));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Cast>> futures = new ArrayList<>();
            for (String id : proposals) {
                for (Voter v : voters) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        try {
                            Governance.Submitted s = new Governance(clients.get(v)).vote(id, Governance.Choice.YES);
                            assertThat(s.value().get(0).path("by").asText()).isEqualTo(v.qualifiedId());
                            return new Cast(v, id, s.blockNumber(), s.attempts(), null);
                        } catch (ChainException e) {
                            return new Cast(v, id, -1, 1, e.code() + ": " + e.getMessage());
                        }
                    }));
                }
            }
            go.countDown();
            List<Cast> casts = new ArrayList<>();
            for (Future<Cast> f : futures) {
                casts.add(f.get(5, TimeUnit.MINUTES));
            }
            List<Cast> failed = casts.stream().filter(c -> c.conflict() != null).toList();
            long retries = casts.stream().mapToInt(c -> c.attempts() - 1).sum();
            Map<Long, Integer> perBlock = new TreeMap<>();
            casts.forEach(c -> perBlock.merge(c.block(), 1, Integer::sum));
            System.out.printf("GovVoteConcurrencyIT: %d votes by %d voters on %d proposals; %d failed, %d retried; "
                    + "committed in %d block(s), votes per block %s%n", casts.size(), voters.size(), PROPOSALS,
                    failed.size(), retries, perBlock.size(), perBlock.values());
            assertThat(failed).as("votes that failed (an MVCC conflict would be one)").isEmpty();
            assertThat(retries).isZero();
            assertThat(casts).hasSize(voters.size() * PROPOSALS);
            assertThat(perBlock.values()).as("votes shared blocks, so they really were concurrent")
                    .anyMatch(n -> n > 1);
        } finally {
            pool.shutdownNow();
            clients.values().forEach(ChainClient::close);
        }
        try (ChainClient any = RealNetwork.client("org3", "User1")) {
            Governance gov = new Governance(any);
            for (String id : proposals) {
                JsonNode decided = gov.tally(id).value().path("proposal");
                assertThat(decided.path("status").asText()).isEqualTo("PASSED");
                assertThat(decided.path("decision").path("yes").asInt()).isEqualTo(voters.size());
            }
        }
    }

    /** Each organisation voter through its admin, and each named voter whose credentials the profiles hold. */
    private static List<Voter> voters(JsonNode settings) {
        List<Voter> out = new ArrayList<>();
        List<String> named = new ArrayList<>();
        settings.path("voters").path("identities").forEach(i -> named.add(i.asText()));
        for (String org : GovernanceNetwork.ORGS) {
            String msp = GovernanceNetwork.msp(org);
            settings.path("voters").path("orgs").forEach(o -> {
                if (o.asText().equals(msp)) {
                    out.add(new Voter(org, "Admin", GovernanceNetwork.qualifiedId(org, "Admin")));
                }
            });
            for (String user : GovernanceNetwork.USERS) {
                String id = GovernanceNetwork.qualifiedId(org, user);
                if (named.contains(id)) {
                    out.add(new Voter(org, user, id));
                }
            }
        }
        return out;
    }
}
