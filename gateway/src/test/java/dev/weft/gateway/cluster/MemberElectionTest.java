package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S4.4/S4.5 a member's own table agrees with its peers' on who succeeds the master")
class MemberElectionTest {
    private static final Instant NOW = Instant.parse("2026-12-02T19:00:00Z");

    private static ClusterView.MemberRow member(String id, int priority, Instant lastKeepalive) {
        return new ClusterView.MemberRow(id, "Org2MSP/x509::CN=" + id, priority, "127.0.0.1:" + (7000 + priority),
                true, lastKeepalive);
    }

    /** m2 is master; m1 (the highest priority) was relaunched: its last keepalive on chain is a minute old. */
    private static ClusterView relaunched() {
        Instant last = NOW.minusSeconds(1);
        ClusterView.MasterRow master = new ClusterView.MasterRow("Org2MSP", "bench", "m2", "127.0.0.1:7020", 4,
                last.minusSeconds(30), last, last.plusSeconds(6));
        return new ClusterView("Org2MSP", "bench", 6, master, List.of(member("m1", 30, NOW.minusSeconds(60)),
                member("m2", 20, last), member("m3", 10, NOW.minusSeconds(1))));
    }

    @Test
    @DisplayName("S4.5 a relaunched member that only its peers heard still elects itself successor, as they do")
    void relaunchedMemberElectsItselfLikeItsPeers() {
        ClusterView view = relaunched();
        // m3 heard m1's peer keepalive a moment ago; m1 has not written its presence on chain yet.
        NeighbourTable atM3 = NeighbourTable.of(view, NOW, Election.withSelf(Map.of("m1", NOW.minusMillis(500)), "m3",
                NOW));
        NeighbourTable atM1 = NeighbourTable.of(view, NOW, Election.withSelf(Map.of("m3", NOW.minusMillis(700)), "m1",
                NOW));
        assertThat(atM3.successor()).isEqualTo("m1");
        assertThat(atM1.successor()).isEqualTo("m1");
        // Without counting itself, m1's own table named m3 while m3's named m1: nobody took over.
        NeighbourTable atM1Before = NeighbourTable.of(view, NOW, Map.of("m3", NOW.minusMillis(700)));
        assertThat(atM1Before.successor()).isEqualTo("m3");
    }

    @Test
    @DisplayName("S4.4 counting itself heard never makes a member live in the others' tables, nor the master")
    void selfCountsOnlyForItself() {
        Map<String, Instant> heard = Election.withSelf(Map.of("m3", NOW.minusMillis(700)), "m1", NOW);
        assertThat(heard).containsOnlyKeys("m1", "m3");
        NeighbourTable atM3 = NeighbourTable.of(relaunched(), NOW, Election.withSelf(Map.of(), "m3", NOW));
        assertThat(atM3.successor()).isEqualTo("m3");
        NeighbourTable atM2 = NeighbourTable.of(relaunched(), NOW.plusSeconds(10), Election.withSelf(Map.of(), "m2",
                NOW.plusSeconds(10)));
        assertThat(atM2.neighbours()).filteredOn(n -> n.memberId().equals("m2"))
                .extracting(NeighbourTable.Neighbour::live).containsExactly(false);
    }
}
