package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S4.4 neighbour table and election")
class NeighbourTableTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static ClusterView.MemberRow member(String id, int priority, boolean electable, Integer keepaliveAgo) {
        return new ClusterView.MemberRow(id, "Org1MSP/x509::CN=" + id, priority, "localhost:" + (7000 + priority),
                electable, keepaliveAgo == null ? null : T0.minusSeconds(keepaliveAgo));
    }

    private static ClusterView view(String master, int masterKeepaliveAgo, List<ClusterView.MemberRow> members) {
        Instant last = T0.minusSeconds(masterKeepaliveAgo);
        ClusterView.MasterRow row = new ClusterView.MasterRow("Org1MSP", "org1", master,
                master == null ? null : "localhost:1", master == null ? 0 : 3, last.minusSeconds(60), last,
                last.plusSeconds(10));
        return new ClusterView("Org1MSP", "org1", 10, row, members);
    }

    private static List<ClusterView.MemberRow> members() {
        return List.of(member("a", 30, true, 1), member("b", 20, true, 2), member("c", 20, true, 1),
                member("d", 50, false, 1));
    }

    @Test
    @DisplayName("S4.4 every member computes the same table and election, whatever order it read the members in")
    void sameElectionForEveryone() {
        NeighbourTable first = NeighbourTable.of(view("a", 1, members()), T0);
        for (int i = 0; i < 20; i++) {
            List<ClusterView.MemberRow> shuffled = new ArrayList<>(members());
            Collections.shuffle(shuffled, new java.util.Random(i));
            assertThat(NeighbourTable.of(view("a", 1, shuffled), T0)).isEqualTo(first);
        }
        assertThat(first.neighbours()).extracting(NeighbourTable.Neighbour::memberId)
                .containsExactly("d", "a", "b", "c");
        assertThat(first.neighbours()).extracting(NeighbourTable.Neighbour::role).containsExactly(
                NeighbourTable.Role.ORDINARY, NeighbourTable.Role.MASTER, NeighbourTable.Role.SLAVE,
                NeighbourTable.Role.ORDINARY);
        assertThat(first.epoch()).isEqualTo(3);
        assertThat(first.clusterId()).isEqualTo("Org1MSP");
    }

    @Test
    @DisplayName("S4.4 priority decides, ties go to the smaller member ID, and a non-electable member is never elected")
    void priorityThenMemberId() {
        NeighbourTable t = NeighbourTable.of(view(null, 0, members()), T0);
        assertThat(t.firstMaster()).isEqualTo("a");
        NeighbourTable withoutA = NeighbourTable.of(view("a", 30, members()), T0);
        assertThat(withoutA.successor()).isEqualTo("b");
    }

    @Test
    @DisplayName("S4.5 when the master ages out, the slave is its successor")
    void slaveSucceeds() {
        NeighbourTable t = NeighbourTable.of(view("a", 11, members()), T0);
        assertThat(t.neighbours().get(1).live()).isFalse();
        assertThat(t.neighbours().get(1).agingExpiresAt()).isEqualTo(T0.minusSeconds(1));
        assertThat(t.successor()).isEqualTo("b");
    }

    @Test
    @DisplayName("S4.6 when master and slave have both aged out, an ordinary member is elected")
    void ordinaryMemberSucceedsWhenBothFail() {
        List<ClusterView.MemberRow> ms = List.of(member("a", 30, true, 15), member("b", 20, true, 15),
                member("c", 20, true, 1), member("e", 5, true, null));
        NeighbourTable t = NeighbourTable.of(view("a", 15, ms), T0);
        assertThat(t.successor()).isEqualTo("c");
        assertThat(t.neighbours()).filteredOn(n -> n.memberId().equals("e")).first()
                .satisfies(n -> assertThat(n.live()).isFalse());
    }

    @Test
    @DisplayName("S4.4 with no live electable member there is no successor")
    void noSuccessor() {
        List<ClusterView.MemberRow> ms = List.of(member("a", 30, true, 15), member("d", 50, false, 1));
        assertThat(NeighbourTable.of(view("a", 15, ms), T0).successor()).isNull();
    }

    @Test
    @DisplayName("S4.4 what a member heard from its peers keeps them live in its table without keepalive transactions")
    void heardPeersAreLive() {
        List<ClusterView.MemberRow> rows = List.of(member("a", 30, true, 1), member("b", 20, true, 60),
                member("c", 10, true, 60));
        NeighbourTable chainOnly = NeighbourTable.of(view("a", 1, rows), T0);
        assertThat(chainOnly.slave()).as("b's last keepalive transaction is a minute old").isNull();
        NeighbourTable combined = NeighbourTable.of(view("a", 1, rows), T0,
                java.util.Map.of("b", T0.minusSeconds(2), "c", T0.minusSeconds(1)));
        assertThat(combined.slave()).isEqualTo("b");
        assertThat(combined.neighbours().get(2).live()).isTrue();
        assertThat(combined.neighbours().get(1).agingExpiresAt()).isEqualTo(T0.minusSeconds(2).plusSeconds(10));
    }
}
