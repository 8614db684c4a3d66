package dev.weft.chaincode.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import java.time.Duration;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S3 pair mode: roles and epoch on chain, beacons, promotion by compare-and-set")
class PairModeTest {
    /** N = 3 windows of 4 s. */
    private static final int N = 3;
    private static final int L = 4;
    private final ClusterFixture f = new ClusterFixture().withOrg1Cluster();
    private final PairContract pair = new PairContract();

    @BeforeEach
    void createPair() {
        JsonNode created = ClusterFixture.json(f.ledger.submit(f.admin1, ctx -> pair.createPair(ctx, "a", "b",
                Integer.toString(N), Integer.toString(L))));
        assertThat(created.get("members").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(created.get("windows").asInt()).isEqualTo(N);
        assertThat(created.get("windowSeconds").asInt()).isEqualTo(L);
        assertThat(lastPairEvent().get("kind").asText()).isEqualTo("CREATED");
    }

    private JsonNode promote(dev.weft.chaincode.testing.TestIdentity who, String member, long epoch) {
        return ClusterFixture.json(f.ledger.submit(who, ctx -> pair.promote(ctx, member, Long.toString(epoch))));
    }

    private JsonNode beacon(dev.weft.chaincode.testing.TestIdentity who, String member, String role, long epoch) {
        return ClusterFixture.json(f.ledger.submit(who, ctx -> pair.beacon(ctx, member, role, Long.toString(epoch))));
    }

    private JsonNode view() {
        return ClusterFixture.json(f.ledger.evaluate(f.admin2, ctx -> pair.getPair(ctx, "Org1MSP")));
    }

    private JsonNode lastPairEvent() {
        FakeLedger.Event event = f.ledger.lastEvent();
        assertThat(event.name()).isEqualTo(PairEvents.EVENT_NAME);
        return ClusterFixture.json(event.payload());
    }

    @Test
    @DisplayName("S3.1 either member can become validator; the validator and the epoch are the master row on chain")
    void eitherMemberTakesEitherRole() {
        JsonNode first = promote(f.b, "b", 0);
        assertThat(first.get("memberId").asText()).isEqualTo("b");
        assertThat(first.get("epoch").asLong()).isEqualTo(1);
        assertThat(view().get("master").get("memberId").asText()).isEqualTo("b");
        assertThat(f.master("Org1MSP").get("master").get("memberId").asText()).isEqualTo("b");
        JsonNode event = lastPairEvent();
        assertThat(event.get("kind").asText()).isEqualTo("PROMOTED");
        assertThat(event.get("master")).isEqualTo(first);
        // b goes quiet for N windows while a beacons: a becomes validator, and later b again
        beacon(f.b, "b", "VALIDATOR", 1);
        f.ledger.advanceClock(Duration.ofSeconds((long) N * L));
        beacon(f.a, "a", "SYNC", 1);
        assertThat(promote(f.a, "a", 1).get("epoch").asLong()).isEqualTo(2);
        beacon(f.a, "a", "VALIDATOR", 2);
        f.ledger.advanceClock(Duration.ofSeconds((long) N * L));
        beacon(f.b, "b", "SYNC", 2);
        JsonNode back = promote(f.b, "b", 2);
        assertThat(back.get("memberId").asText()).isEqualTo("b");
        assertThat(back.get("epoch").asLong()).isEqualTo(3);
        assertThat(lastPairEvent().get("previousMemberId").asText()).isEqualTo("a");
    }

    @Test
    @DisplayName("S3.1 pair mode is set by the organisation's own admin, for two enrolled electable members, "
            + "before any master; bad input changes nothing")
    void createPairChecks() {
        f.rejects(ErrorCode.ALREADY_EXISTS, f.admin1, ctx -> pair.createPair(ctx, "a", "b", "3", "4"));
        ClusterFixture g = new ClusterFixture().withOrg1Cluster();
        g.rejects(ErrorCode.FORBIDDEN, g.a, ctx -> pair.createPair(ctx, "a", "b", "3", "4"));
        g.rejects(ErrorCode.NOT_FOUND, g.admin2, ctx -> pair.createPair(ctx, "a", "b", "3", "4"));
        g.rejects(ErrorCode.CONFLICT, g.admin1, ctx -> pair.createPair(ctx, "a", "c", "3", "4"));
        g.rejects(ErrorCode.NOT_FOUND, g.admin1, ctx -> pair.createPair(ctx, "a", "zz", "3", "4"));
        g.rejects(ErrorCode.BAD_REQUEST, g.admin1, ctx -> pair.createPair(ctx, "a", "a", "3", "4"));
        g.rejects(ErrorCode.BAD_REQUEST, g.admin1, ctx -> pair.createPair(ctx, "a", "b", "0", "4"));
        g.rejects(ErrorCode.BAD_REQUEST, g.admin1, ctx -> pair.createPair(ctx, "a", "b", "65", "4"));
        g.rejects(ErrorCode.BAD_REQUEST, g.admin1, ctx -> pair.createPair(ctx, "a", "b", "3", "1"));
        g.rejects(ErrorCode.BAD_REQUEST, g.admin1, ctx -> pair.createPair(ctx, "a", "b", "3", "4s"));
        g.rejects(ErrorCode.BAD_REQUEST, g.admin1, ctx -> pair.createPair(ctx, "a/b", "b", "3", "4"));
        g.register(g.a, "a");
        g.rejects(ErrorCode.CONFLICT, g.admin1, ctx -> pair.createPair(ctx, "a", "b", "3", "4"));
    }

    @Test
    @DisplayName("S3.1 in pair mode the cluster's own Register and Update do not apply")
    void clusterTakeoverRefusedInPairMode() {
        f.rejects(ErrorCode.CONFLICT, f.a, ctx -> f.contract.register(ctx, "a"));
        promote(f.a, "a", 0);
        f.ledger.advanceClock(Duration.ofSeconds(60));
        f.rejects(ErrorCode.CONFLICT, f.b, ctx -> f.contract.update(ctx, "b", "1"));
    }

    @Test
    @DisplayName("S3.2 a beacon writes only the member's own key, records its window, and conflicts with nothing")
    void beaconWritesOwnKeyOnly() {
        promote(f.a, "a", 0);
        var before = f.ledger.snapshot();
        JsonNode b = beacon(f.b, "b", "SYNC", 1);
        long expectedRound = Math.floorDiv(f.ledger.clock().toEpochMilli(), L * 1000L);
        assertThat(b.get("round").asLong()).isEqualTo(expectedRound);
        assertThat(b.get("role").asText()).isEqualTo("SYNC");
        assertThat(b.get("time").asText()).isEqualTo(f.ledger.clock().toString());
        var after = f.ledger.snapshot();
        var changed = after.keySet().stream().filter(k -> !after.get(k).equals(before.get(k))).toList();
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0)).contains(Pairs.BEACON).contains("b");
        JsonNode event = lastPairEvent();
        assertThat(event.get("kind").asText()).isEqualTo("BEACON");
        assertThat(event.get("beacon")).isEqualTo(b);
        assertThat(view().get("beacons").get(0).get("memberId").asText()).isEqualTo("b");

        // a promotion and a beacon of either member in the same block both commit
        f.ledger.advanceClock(Duration.ofSeconds((long) N * L + 1));
        beacon(f.b, "b", "SYNC", 1);
        FakeStub promotion = f.ledger.begin(f.b);
        pair.promote(new Context(promotion), "b", "1");
        FakeStub beaconA = f.ledger.begin(f.a);
        pair.beacon(new Context(beaconA), "a", "VALIDATOR", "1");
        FakeStub beaconB = f.ledger.begin(f.b);
        pair.beacon(new Context(beaconB), "b", "SYNC", "1");
        f.ledger.commit(promotion);
        f.ledger.commit(beaconA);
        f.ledger.commit(beaconB);
        assertThat(view().get("master").get("epoch").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("S3.2 only the member's enrolled identity beacons for it, only pair members beacon; bad input "
            + "changes nothing")
    void beaconChecksCaller() {
        f.rejects(ErrorCode.FORBIDDEN, f.b, ctx -> pair.beacon(ctx, "a", "SYNC", "0"));
        f.rejects(ErrorCode.FORBIDDEN, f.admin1, ctx -> pair.beacon(ctx, "a", "SYNC", "0"));
        f.rejects(ErrorCode.FORBIDDEN, f.b2, ctx -> pair.beacon(ctx, "b", "SYNC", "0"));
        f.rejects(ErrorCode.FORBIDDEN, f.c, ctx -> pair.beacon(ctx, "c", "SYNC", "0"));
        f.rejects(ErrorCode.BAD_REQUEST, f.a, ctx -> pair.beacon(ctx, "a", "MASTER", "0"));
        f.rejects(ErrorCode.BAD_REQUEST, f.a, ctx -> pair.beacon(ctx, "a", "sync", "0"));
        f.rejects(ErrorCode.BAD_REQUEST, f.a, ctx -> pair.beacon(ctx, "a", "SYNC", "-1"));
        ClusterFixture g = new ClusterFixture().withOrg1Cluster();
        g.rejects(ErrorCode.NOT_FOUND, g.a, ctx -> pair.beacon(ctx, "a", "SYNC", "0"));
    }

    @Test
    @DisplayName("S3.5 two promotions from one epoch: one lands, the other is refused; never two validators "
            + "at one epoch")
    void promotionIsCompareAndSet() {
        FakeStub byA = f.ledger.begin(f.a);
        pair.promote(new Context(byA), "a", "0");
        FakeStub byB = f.ledger.begin(f.b);
        pair.promote(new Context(byB), "b", "0");
        f.ledger.commit(byA);
        assertThatThrownBy(() -> f.ledger.commit(byB)).isInstanceOf(FakeLedger.MvccConflict.class);
        f.rejects(ErrorCode.STALE_EPOCH, f.b, ctx -> pair.promote(ctx, "b", "0"));
        f.rejects(ErrorCode.CONFLICT, f.a, ctx -> pair.promote(ctx, "a", "1"));
        assertThat(view().get("master").get("memberId").asText()).isEqualTo("a");
        assertThat(view().get("master").get("epoch").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("S3.5 a promotion is refused while the validator beaconed within N windows, or while the "
            + "promoting member is not alive itself")
    void promotionRefusedWhileValidatorAlive() {
        promote(f.a, "a", 0);
        beacon(f.b, "b", "SYNC", 1);
        f.rejects(ErrorCode.MASTER_ALIVE, f.b, ctx -> pair.promote(ctx, "b", "1"));
        f.ledger.advanceClock(Duration.ofSeconds((long) N * L - 1));
        beacon(f.a, "a", "VALIDATOR", 1);
        f.ledger.advanceClock(Duration.ofSeconds((long) N * L - 1));
        beacon(f.b, "b", "SYNC", 1);
        f.rejects(ErrorCode.MASTER_ALIVE, f.b, ctx -> pair.promote(ctx, "b", "1"));
        f.ledger.advanceClock(Duration.ofSeconds(1));
        // b last beaconed 1 s ago; wait until its own beacon is older than two windows
        f.ledger.advanceClock(Duration.ofSeconds(2L * L));
        f.rejects(ErrorCode.CONFLICT, f.b, ctx -> pair.promote(ctx, "b", "1"));
        beacon(f.b, "b", "SYNC", 1);
        assertThat(promote(f.b, "b", 1).get("epoch").asLong()).isEqualTo(2);
        f.rejects(ErrorCode.FORBIDDEN, f.c, ctx -> pair.promote(ctx, "c", "2"));
        f.rejects(ErrorCode.FORBIDDEN, f.b, ctx -> pair.promote(ctx, "a", "2"));
        f.rejects(ErrorCode.BAD_REQUEST, f.a, ctx -> pair.promote(ctx, "a", "x"));
    }

    @Test
    @DisplayName("S3.5 a dissolved cluster takes its pair and beacons with it")
    void dissolveForgetsThePair() {
        promote(f.a, "a", 0);
        beacon(f.a, "a", "VALIDATOR", 1);
        f.ledger.submit(f.admin1, ctx -> f.contract.dissolve(ctx));
        assertThat(f.ledger.snapshot().keySet()).noneMatch(k -> k.contains(Pairs.PAIR));
    }
}
