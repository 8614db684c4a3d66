package dev.weft.chaincode.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S4.2 the chain as authentication node: clusters and enrolled members")
class ClusterEnrolmentTest {
    private final ClusterFixture f = new ClusterFixture();

    @Test
    @DisplayName("S4.2 an admin creates its organisation's cluster once; the master table starts at epoch 0")
    void adminCreatesTheClusterOnce() {
        JsonNode cluster = ClusterFixture.json(f.ledger.submit(f.admin1, ctx -> f.contract.createCluster(ctx,
                "org1", "10")));
        assertThat(cluster.get("mspId").asText()).isEqualTo("Org1MSP");
        assertThat(cluster.get("masterTtlSeconds").asInt()).isEqualTo(10);
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("CREATED");
        assertThat(event.get("master").get("epoch").asLong()).isZero();
        assertThat(f.master("Org1MSP").get("master").has("memberId")).isFalse();
        f.rejects(ErrorCode.ALREADY_EXISTS, f.admin1, ctx -> f.contract.createCluster(ctx, "again", "10"));
    }

    @Test
    @DisplayName("S4.2 only an admin of a member organisation creates a cluster, with a valid name and TTL")
    void creationIsCheckedAndWritesNothingOnRefusal() {
        f.rejects(ErrorCode.FORBIDDEN, f.a, ctx -> f.contract.createCluster(ctx, "org1", "10"));
        f.rejects(ErrorCode.FORBIDDEN, TestIdentity.admin("EvilMSP"), ctx -> f.contract.createCluster(ctx, "x",
                "10"));
        f.rejects(ErrorCode.BAD_REQUEST, f.admin1, ctx -> f.contract.createCluster(ctx, "bad name", "10"));
        f.rejects(ErrorCode.BAD_REQUEST, f.admin1, ctx -> f.contract.createCluster(ctx, "org1", "1"));
        f.rejects(ErrorCode.BAD_REQUEST, f.admin1, ctx -> f.contract.createCluster(ctx, "org1", "ten"));
        f.rejects(ErrorCode.BAD_REQUEST, f.admin1, ctx -> f.contract.createCluster(ctx, "org1", "3601"));
    }

    @Test
    @DisplayName("S4.2 an admin enrols members of its own cluster with identity, priority, address and electable flag")
    void adminEnrolsMembers() {
        f.withOrg1Cluster();
        JsonNode event = f.lastEvent();
        assertThat(event.get("kind").asText()).isEqualTo("ENROLLED");
        assertThat(event.get("member").get("memberId").asText()).isEqualTo("c");
        JsonNode view = ClusterFixture.json(f.ledger.evaluate(f.admin2, ctx -> f.contract.getCluster(ctx,
                "Org1MSP")));
        assertThat(view.get("members")).hasSize(3);
        JsonNode a = view.get("members").get(0).get("member");
        assertThat(a.get("memberId").asText()).isEqualTo("a");
        assertThat(a.get("identity").asText()).isEqualTo("Org1MSP/" + f.idOf(f.a));
        assertThat(a.get("priority").asInt()).isEqualTo(30);
        assertThat(a.get("address").asText()).isEqualTo("localhost:7430");
        assertThat(a.get("electable").asBoolean()).isTrue();
        assertThat(view.get("members").get(2).get("member").get("electable").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("S4.2 another organisation's admin cannot enrol into Org1's cluster, nor can a member identity")
    void nobodyElseEnrols() {
        f.withOrg1Cluster();
        String json = f.memberJson("d", f.b2, 50, true);
        f.rejects(ErrorCode.FORBIDDEN, f.admin2, ctx -> f.contract.enrol(ctx, "Org1MSP", json));
        f.rejects(ErrorCode.FORBIDDEN, f.a, ctx -> f.contract.enrol(ctx, "Org1MSP", f.memberJson("d", f.a, 50,
                true)));
        f.rejects(ErrorCode.FORBIDDEN, TestIdentity.admin("EvilMSP"), ctx -> f.contract.enrol(ctx, "EvilMSP", json));
        // Org2 has no cluster of its own yet: its admin's enrolment into Org2 finds none.
        f.rejects(ErrorCode.NOT_FOUND, f.admin2, ctx -> f.contract.enrol(ctx, "Org2MSP", json));
    }

    @Test
    @DisplayName("S4.2 malformed members are refused and write nothing")
    void badMembersAreRefused() {
        f.withOrg1Cluster();
        String id = ClusterFixture.quote(f.idOf(f.a));
        for (String bad : new String[] {"{not json", "{\"memberId\":\"d\"}",
                "{\"memberId\":\"d d\",\"identity\":" + id + ",\"priority\":1,\"address\":\"h:1\",\"electable\":true}",
                "{\"memberId\":\"d\",\"identity\":\"CN=x\",\"priority\":1,\"address\":\"h:1\",\"electable\":true}",
                "{\"memberId\":\"d\",\"identity\":" + id + ",\"priority\":-1,\"address\":\"h:1\",\"electable\":true}",
                "{\"memberId\":\"d\",\"identity\":" + id + ",\"priority\":1,\"address\":\"h\",\"electable\":true}",
                "{\"memberId\":\"d\",\"identity\":" + id + ",\"priority\":1,\"address\":\"h:70000\",\"electable\":true}",
                "{\"memberId\":\"d\",\"identity\":" + id + ",\"priority\":1,\"address\":\"h:1\"}",
                "{\"memberId\":\"d\",\"identity\":" + id + ",\"priority\":1,\"address\":\"h:1\",\"electable\":true,"
                        + "\"role\":\"master\"}"}) {
            f.rejects(ErrorCode.BAD_REQUEST, f.admin1, ctx -> f.contract.enrol(ctx, "Org1MSP", bad));
        }
    }

    @Test
    @DisplayName("S4.2 one identity is one member: reusing an enrolled identity under another member ID is refused")
    void identityIsOneMember() {
        f.withOrg1Cluster();
        f.rejects(ErrorCode.CONFLICT, f.admin1, ctx -> f.contract.enrol(ctx, "Org1MSP", f.memberJson("d", f.a, 5,
                true)));
    }

    @Test
    @DisplayName("S4.2 re-enrolling a member changes its priority and flag; the master keeps its identity")
    void reEnrolmentUpdates() {
        f.withOrg1Cluster();
        f.enrol(f.admin1, "Org1MSP", "c", f.c, 40, true);
        JsonNode view = ClusterFixture.json(f.ledger.evaluate(f.a, ctx -> f.contract.getCluster(ctx, "Org1MSP")));
        assertThat(view.get("members").get(2).get("member").get("priority").asInt()).isEqualTo(40);
        assertThat(view.get("members").get(2).get("member").get("electable").asBoolean()).isTrue();
        f.register(f.a, "a");
        TestIdentity other = TestIdentity.client("Org1MSP", "gw-a2");
        f.rejects(ErrorCode.CONFLICT, f.admin1, ctx -> f.contract.enrol(ctx, "Org1MSP", f.memberJson("a", other, 30,
                true)));
    }

    @Test
    @DisplayName("S4.2 an admin dissolves its own cluster: every key goes, and nobody else can dissolve it")
    void dissolve() {
        java.util.Map<String, String> empty = f.ledger.snapshot();
        f.withOrg1Cluster();
        f.register(f.a, "a");
        f.keepalive(f.a, "a", 1);
        f.rejects(ErrorCode.FORBIDDEN, f.a, ctx -> f.contract.dissolve(ctx));
        f.rejects(ErrorCode.NOT_FOUND, f.admin2, ctx -> f.contract.dissolve(ctx));
        f.ledger.submit(f.admin1, ctx -> f.contract.dissolve(ctx));
        assertThat(f.ledger.snapshot()).isEqualTo(empty);
        assertThat(f.lastEvent().get("kind").asText()).isEqualTo("DISSOLVED");
        f.withOrg1Cluster();
    }
}
