package dev.weft.chaincode.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S4.3 master table: register, keepalive, update, query")
class ClusterMasterTableTest {
    private final ClusterFixture f = new ClusterFixture().withOrg1Cluster();

    @Test
    @DisplayName("S4.3 the first master registers itself at epoch 1 with its enrolled address")
    void registerFirstMaster() {
        JsonNode master = f.register(f.a, "a");
        assertThat(master.get("epoch").asLong()).isEqualTo(1);
        assertThat(master.get("memberId").asText()).isEqualTo("a");
        assertThat(master.get("address").asText()).isEqualTo("localhost:7430");
        assertThat(master.get("since").asText()).isEqualTo(f.ledger.clock().toString());
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("REGISTERED");
        assertThat(event.get("master")).isEqualTo(master);
        f.rejects(ErrorCode.CONFLICT, f.b, ctx -> f.contract.register(ctx, "b"));
    }

    @Test
    @DisplayName("S4.3 only the enrolled identity acts as a member, and only electable members become master")
    void membersActAsThemselves() {
        f.rejects(ErrorCode.FORBIDDEN, f.b, ctx -> f.contract.register(ctx, "a"));
        f.rejects(ErrorCode.FORBIDDEN, f.admin1, ctx -> f.contract.register(ctx, "a"));
        f.rejects(ErrorCode.FORBIDDEN, f.b2, ctx -> f.contract.register(ctx, "b"));
        f.rejects(ErrorCode.FORBIDDEN, f.c, ctx -> f.contract.register(ctx, "c"));
        f.rejects(ErrorCode.FORBIDDEN, f.a, ctx -> f.contract.register(ctx, "nobody"));
        f.rejects(ErrorCode.BAD_REQUEST, f.a, ctx -> f.contract.register(ctx, "a/../b"));
        f.register(f.a, "a");
        f.rejects(ErrorCode.FORBIDDEN, f.b, ctx -> f.contract.keepalive(ctx, "a", "1"));
        f.rejects(ErrorCode.FORBIDDEN, f.c, ctx -> f.contract.update(ctx, "c", "1"));
    }

    @Test
    @DisplayName("S4.3 a keepalive writes the member's own key, never the master key, and checks the epoch it saw")
    void keepaliveHasItsOwnKey() {
        f.register(f.a, "a");
        String masterBefore = f.ledger.snapshot().entrySet().stream()
                .filter(e -> e.getKey().contains(ClusterKeys.MASTER + "\u0000")).findFirst().orElseThrow().getValue();
        f.ledger.advanceClock(Duration.ofSeconds(3));
        JsonNode reply = f.keepalive(f.a, "a", 1);
        assertThat(reply.get("isMaster").asBoolean()).isTrue();
        assertThat(reply.get("keepalive").get("time").asText()).isEqualTo(f.ledger.clock().toString());
        assertThat(f.lastEvent().get("kind").asText()).isEqualTo("KEEPALIVE");
        assertThat(f.keepalive(f.b, "b", 1).get("isMaster").asBoolean()).isFalse();
        String masterAfter = f.ledger.snapshot().entrySet().stream()
                .filter(e -> e.getKey().contains(ClusterKeys.MASTER + "\u0000")).findFirst().orElseThrow().getValue();
        assertThat(masterAfter).isEqualTo(masterBefore);
        assertThat(f.master("Org1MSP").get("lastKeepalive").asText()).isEqualTo(f.ledger.clock().toString());
        f.rejects(ErrorCode.STALE_EPOCH, f.a, ctx -> f.contract.keepalive(ctx, "a", "0"));
        f.rejects(ErrorCode.BAD_REQUEST, f.a, ctx -> f.contract.keepalive(ctx, "a", "-1"));
    }

    @Test
    @DisplayName("S4.3 S4.5 an update is refused while the master's keepalive is fresh, and accepted once it aged out")
    void updateAfterAging() {
        f.register(f.a, "a");
        f.ledger.advanceClock(Duration.ofSeconds(8));
        f.keepalive(f.a, "a", 1);
        f.ledger.advanceClock(Duration.ofSeconds(9));
        f.rejects(ErrorCode.MASTER_ALIVE, f.b, ctx -> f.contract.update(ctx, "b", "1"));
        f.ledger.advanceClock(Duration.ofSeconds(1));
        JsonNode next = f.update(f.b, "b", 1);
        assertThat(next.get("epoch").asLong()).isEqualTo(2);
        assertThat(next.get("memberId").asText()).isEqualTo("b");
        assertThat(next.get("identity").asText()).isEqualTo("Org1MSP/" + f.idOf(f.b));
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("UPDATED");
        assertThat(event.get("previousMemberId").asText()).isEqualTo("a");
        // The deposed master learns it from its next keepalive.
        f.rejects(ErrorCode.STALE_EPOCH, f.a, ctx -> f.contract.keepalive(ctx, "a", "1"));
        assertThat(f.keepalive(f.a, "a", 2).get("isMaster").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("S4.3 an update compare-and-sets the expected epoch; the master cannot update to itself")
    void updateComparesTheEpoch() {
        f.register(f.a, "a");
        f.ledger.advanceClock(Duration.ofSeconds(11));
        f.rejects(ErrorCode.STALE_EPOCH, f.b, ctx -> f.contract.update(ctx, "b", "0"));
        f.rejects(ErrorCode.STALE_EPOCH, f.b, ctx -> f.contract.update(ctx, "b", "2"));
        f.rejects(ErrorCode.CONFLICT, f.a, ctx -> f.contract.update(ctx, "a", "1"));
        f.update(f.b, "b", 1);
        f.rejects(ErrorCode.STALE_EPOCH, f.a, ctx -> f.contract.update(ctx, "a", "1"));
    }

    @Test
    @DisplayName("S4.3 with no master yet an update is refused (Register first)")
    void updateNeedsAMaster() {
        f.rejects(ErrorCode.CONFLICT, f.b, ctx -> f.contract.update(ctx, "b", "0"));
    }

    @Test
    @DisplayName("S4.3 two members taking over at the same epoch in one block: exactly one wins (MVCC)")
    void concurrentTakeoversOneWins() {
        f.register(f.a, "a");
        f.ledger.advanceClock(Duration.ofSeconds(11));
        FakeStub byB = f.ledger.begin(f.b);
        f.contract.update(new Context(byB), "b", "1");
        TestIdentity d = TestIdentity.client("Org1MSP", "gw-d");
        f.enrol(f.admin1, "Org1MSP", "d", d, 5, true);
        FakeStub byD = f.ledger.begin(d);
        f.contract.update(new Context(byD), "d", "1");
        f.ledger.commit(byB);
        assertThatThrownBy(() -> f.ledger.commit(byD)).isInstanceOf(FakeLedger.MvccConflict.class);
        assertThat(f.master("Org1MSP").get("master").get("memberId").asText()).isEqualTo("b");
    }

    @Test
    @DisplayName("S4.3 a master's keepalive and a takeover in one block conflict, so a live master is never deposed")
    void keepaliveAndTakeoverConflict() {
        f.register(f.a, "a");
        f.ledger.advanceClock(Duration.ofSeconds(11));
        FakeStub takeover = f.ledger.begin(f.b);
        f.contract.update(new Context(takeover), "b", "1");
        f.keepalive(f.a, "a", 1);
        assertThatThrownBy(() -> f.ledger.commit(takeover)).isInstanceOf(FakeLedger.MvccConflict.class);
        f.rejects(ErrorCode.MASTER_ALIVE, f.b, ctx -> f.contract.update(ctx, "b", "1"));
    }

    @Test
    @DisplayName("S4.3 keepalives of different members and clusters never conflict with each other")
    void keepalivesDoNotConflict() {
        f.register(f.a, "a");
        FakeStub ka = f.ledger.begin(f.a);
        f.contract.keepalive(new Context(ka), "a", "1");
        FakeStub kb = f.ledger.begin(f.b);
        f.contract.keepalive(new Context(kb), "b", "1");
        f.ledger.commit(ka);
        f.ledger.commit(kb);
        assertThat(f.ledger.events()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("S4.3 an admin-made non-electable master can be replaced at once (no aging wait)")
    void nonElectableMasterIsReplacedAtOnce() {
        f.register(f.a, "a");
        f.enrol(f.admin1, "Org1MSP", "a", f.a, 30, false);
        assertThat(f.update(f.b, "b", 1).get("memberId").asText()).isEqualTo("b");
    }

    @Test
    @DisplayName("S4.3 the query of every cluster's master lists them in MSP order with their aging timers")
    void everyClustersMaster() {
        f.register(f.a, "a");
        f.ledger.submit(f.admin2, ctx -> f.contract.createCluster(ctx, "org2", "5"));
        f.enrol(f.admin2, "Org2MSP", "b", f.b2, 1, true);
        f.ledger.advanceClock(Duration.ofSeconds(2));
        f.register(f.b2, "b");
        JsonNode all = ClusterFixture.json(f.ledger.evaluate(f.c, ctx -> f.contract.listMasters(ctx)));
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("master").get("mspId").asText()).isEqualTo("Org1MSP");
        assertThat(all.get(1).get("master").get("memberId").asText()).isEqualTo("b");
        assertThat(all.get(1).get("masterTtlSeconds").asInt()).isEqualTo(5);
        assertThat(all.get(1).get("expiresAt").asText()).isEqualTo(f.ledger.clock().plusSeconds(5).toString());
        f.rejects(ErrorCode.NOT_FOUND, f.a, ctx -> f.contract.getMaster(ctx, "Org3MSP"));
    }

    @Test
    @DisplayName("S4.3 deterministic: the same transactions on two ledgers leave byte-identical state and events")
    void deterministic() {
        ClusterFixture other = new ClusterFixture();
        other.ledger.submit(f.admin1, ctx -> other.contract.createCluster(ctx, "org1", "10"));
        for (Object[] m : new Object[][] {{"a", f.a, 30, true}, {"b", f.b, 20, true}, {"c", f.c, 10, false}}) {
            other.enrol(f.admin1, "Org1MSP", (String) m[0], (TestIdentity) m[1], (int) m[2], (boolean) m[3]);
        }
        for (ClusterFixture x : new ClusterFixture[] {f, other}) {
            x.register(f.a, "a");
            x.ledger.advanceClock(Duration.ofSeconds(20));
            x.update(f.b, "b", 1);
        }
        assertThat(other.ledger.snapshot()).isEqualTo(f.ledger.snapshot());
        assertThat(other.lastEvent()).isEqualTo(f.lastEvent());
    }
}
