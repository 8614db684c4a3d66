package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.cluster.LivenessTable.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S3.2-S3.4 a pair's liveness table from committed beacons and the switch rules")
class LivenessTableTest {
    private static final List<String> PAIR = List.of("a", "b");
    private static final int N = 3;

    private static LivenessTable table() {
        return new LivenessTable(PAIR, N);
    }

    /** Both members beacon in every window {@code from..to}. */
    private static void both(LivenessTable t, long from, long to) {
        for (long r = from; r <= to; r++) {
            t.add("a", r);
            t.add("b", r);
        }
    }

    private static void only(LivenessTable t, String member, long from, long to) {
        for (long r = from; r <= to; r++) {
            t.add(member, r);
        }
    }

    @Test
    @DisplayName("S3.3 the sync member promotes itself when its partner was alive in none of the last N windows "
            + "and itself in all")
    void syncPromotesItself() {
        LivenessTable t = table();
        both(t, 100, 101);
        only(t, "b", 102, 105);
        // windows 104 and 105 are not closed yet: the last three closed are 101..103, and a was alive in 101
        assertThat(t.decide("b", false)).isEqualTo(Decision.STAY);
        t.add("b", 106);
        assertThat(t.lastClosed(N)).extracting(LivenessTable.Window::round).containsExactly(102L, 103L, 104L);
        assertThat(t.decide("b", false)).isEqualTo(Decision.PROMOTE);
        // the validator, reading the same blocks, would not keep its role either
        assertThat(t.decide("a", true)).isEqualTo(Decision.DEMOTE);
    }

    @Test
    @DisplayName("S3.3 no promotion while the partner was alive in any of the last N windows, or the member "
            + "itself missed one")
    void noPromotionOnPartialEvidence() {
        LivenessTable t = table();
        both(t, 100, 100);
        only(t, "b", 101, 102);
        t.add("a", 103);
        only(t, "b", 103, 105);
        assertThat(t.lastClosed(N)).extracting(LivenessTable.Window::round).containsExactly(101L, 102L, 103L);
        assertThat(t.decide("b", false)).isEqualTo(Decision.STAY);

        LivenessTable u = table();
        both(u, 100, 100);
        only(u, "b", 101, 101);
        u.add("b", 103);
        u.add("b", 104);
        u.add("b", 105);
        u.add("b", 106);
        // window 102 has no beacon at all: it does not count, so the last three that count are 101, 103, 104
        assertThat(u.lastClosed(N)).extracting(LivenessTable.Window::round).containsExactly(101L, 103L, 104L);
        assertThat(u.decide("b", false)).isEqualTo(Decision.PROMOTE);

        LivenessTable v = table();
        only(v, "a", 100, 100);
        only(v, "b", 100, 106);
        v.add("a", 103);
        assertThat(v.decide("b", false)).as("a beaconed in 103").isEqualTo(Decision.STAY);
    }

    @Test
    @DisplayName("S3.3 a late beacon of the partner, committed after later windows, still counts for its window")
    void lateBeaconCounts() {
        LivenessTable t = table();
        both(t, 100, 101);
        only(t, "b", 102, 106);
        assertThat(t.decide("b", false)).isEqualTo(Decision.PROMOTE);
        assertThat(t.add("a", 103)).isTrue();
        assertThat(t.decide("b", false)).isEqualTo(Decision.STAY);
    }

    @Test
    @DisplayName("S3.4 a validator alive in none of the last N windows while its partner was in all demotes "
            + "itself; not while the partner missed one")
    void validatorDemotesItself() {
        LivenessTable t = table();
        both(t, 100, 100);
        only(t, "b", 101, 104);
        assertThat(t.decide("a", true)).as("only 100..102 closed, a alive in 100").isEqualTo(Decision.STAY);
        t.add("b", 105);
        assertThat(t.decide("a", true)).isEqualTo(Decision.DEMOTE);
        assertThat(t.decide("a", false)).as("a sync member never demotes").isEqualTo(Decision.STAY);

        LivenessTable u = table();
        both(u, 100, 100);
        only(u, "b", 101, 101);
        u.add("c", 102);
        u.add("a", 102);
        only(u, "b", 103, 106);
        assertThat(u.decide("a", true)).as("a alive in 102").isEqualTo(Decision.STAY);
    }

    @Test
    @DisplayName("S3.2 a quiet channel (no blocks for a while) is never read as a dead member: windows "
            + "without beacons do not count")
    void quietChannelIsNoFailure() {
        LivenessTable t = table();
        both(t, 100, 104);
        assertThat(t.decide("b", false)).isEqualTo(Decision.STAY);
        // nothing is committed for 100 windows; then both beacon again
        for (long r = 205; r <= 212; r++) {
            t.add("b", r);
            assertThat(t.decide("b", false)).as("window %d", r).isNotEqualTo(Decision.PROMOTE);
            assertThat(t.decide("a", true)).as("window %d", r).isNotEqualTo(Decision.DEMOTE);
            t.add("a", r);
        }
        assertThat(t.lastClosed(N)).extracting(LivenessTable.Window::round).containsExactly(208L, 209L, 210L);
        assertThat(t.decide("b", false)).isEqualTo(Decision.STAY);
    }

    @Test
    @DisplayName("S3.2 fewer than N closed windows: nobody switches")
    void undecidedAtStart() {
        LivenessTable t = table();
        assertThat(t.decide("b", false)).isEqualTo(Decision.UNDECIDED);
        only(t, "b", 100, 103);
        assertThat(t.decide("b", false)).isEqualTo(Decision.UNDECIDED);
        t.add("b", 104);
        assertThat(t.decide("b", false)).isEqualTo(Decision.PROMOTE);
        assertThatThrownBy(() -> t.decide("c", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LivenessTable(List.of("a", "a"), 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("S3.2 the same committed events give the same table and decisions in every gateway")
    void sameBlocksSameTable() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> events = new ArrayList<>();
        long[][] beacons = {{100, 0}, {100, 1}, {101, 1}, {101, 0}, {102, 1}, {103, 1}, {102, 0}, {104, 1},
            {105, 1}, {106, 1}, {107, 1}};
        for (long[] b : beacons) {
            events.add("{\"kind\":\"BEACON\",\"mspId\":\"Org1MSP\",\"beacon\":{\"memberId\":\""
                    + PAIR.get((int) b[1]) + "\",\"round\":" + b[0] + ",\"role\":\"SYNC\",\"epoch\":1}}");
        }
        events.add(2, "{\"kind\":\"BEACON\",\"mspId\":\"Org2MSP\",\"beacon\":{\"memberId\":\"a\",\"round\":107}}");
        events.add(5, "{\"kind\":\"PROMOTED\",\"mspId\":\"Org1MSP\",\"master\":{\"memberId\":\"b\",\"epoch\":2}}");
        List<LivenessTable> gateways = List.of(table(), table(), table());
        List<List<String>> seen = new ArrayList<>();
        for (LivenessTable g : gateways) {
            List<String> trace = new ArrayList<>();
            long block = 10;
            for (String e : events) {
                PairLedger.PairEvent p = PairLedger.PairEvent.of(json.readTree(e), block++);
                if ("BEACON".equals(p.kind()) && "Org1MSP".equals(p.mspId())) {
                    g.add(p.memberId(), p.round());
                }
                trace.add(g.lastClosed(N) + " " + g.decide("a", true) + " " + g.decide("b", false));
            }
            seen.add(trace);
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(2)).isEqualTo(seen.get(0));
        assertThat(seen.get(0).get(seen.get(0).size() - 1)).endsWith("DEMOTE PROMOTE");
    }

    @Test
    @DisplayName("S3.2 beacons of other identities, and of windows older than the table keeps, change nothing")
    void othersAndOldIgnored() {
        LivenessTable t = table();
        assertThat(t.add("c", 100)).isFalse();
        only(t, "b", 100, 100 + 4 * N + 8);
        assertThat(t.add("a", 99)).isFalse();
        assertThat(t.add("a", 101)).isTrue();
        assertThat(t.add("a", 101)).isFalse();
    }
}
