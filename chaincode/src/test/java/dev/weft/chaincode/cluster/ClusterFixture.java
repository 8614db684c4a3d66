package dev.weft.chaincode.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.system.SystemContract;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * The cluster contract on a {@link FakeLedger} (or on a ledger another fixture
 * owns): Org1's admin, three member identities a, b, c of Org1 and helpers that
 * call the contract as a member or an admin would.
 */
public final class ClusterFixture {
    public static final String ORG1 = "Org1MSP";
    static final ObjectMapper JSON = new ObjectMapper();

    public final ClusterContract contract = new ClusterContract();
    public final FakeLedger ledger;
    public final TestIdentity admin1 = TestIdentity.admin(ORG1);
    public final TestIdentity admin2 = TestIdentity.admin("Org2MSP");
    public final TestIdentity admin3 = TestIdentity.admin("Org3MSP");
    public final TestIdentity a = TestIdentity.client(ORG1, "gw-a");
    public final TestIdentity b = TestIdentity.client(ORG1, "gw-b");
    public final TestIdentity c = TestIdentity.client(ORG1, "gw-c");
    public final TestIdentity b2 = TestIdentity.client("Org2MSP", "gw-b");

    /** A fresh channel of Org1..Org3. */
    public ClusterFixture() {
        this(new FakeLedger());
        // the member list takes effect once every listed organisation's admin confirmed it (issue 9 item 6)
        for (TestIdentity admin : new TestIdentity[] {admin1, admin2, admin3}) {
            ledger.submit(admin, ctx -> new SystemContract().initMembers(ctx, "[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"]"));
        }
    }

    /** On a ledger whose members are already set. */
    public ClusterFixture(FakeLedger ledger) {
        this.ledger = ledger;
    }

    /** Org1's cluster "org1" with a 10 s master TTL, members a (priority 30), b (20) and c (10, not electable). */
    public ClusterFixture withOrg1Cluster() {
        ledger.submit(admin1, ctx -> contract.createCluster(ctx, "org1", "10"));
        enrol(admin1, ORG1, "a", a, 30, true);
        enrol(admin1, ORG1, "b", b, 20, true);
        enrol(admin1, ORG1, "c", c, 10, false);
        return this;
    }

    /** The Fabric identity ID the shim reports for {@code who}. */
    public String idOf(TestIdentity who) {
        return ledger.evaluate(who, ctx -> Ledger.of(ctx).caller().id());
    }

    public JsonNode enrol(TestIdentity admin, String msp, String memberId, TestIdentity member, int priority,
            boolean electable) {
        return json(ledger.submit(admin, ctx -> contract.enrol(ctx, msp, memberJson(memberId, member, priority,
                electable))));
    }

    public String memberJson(String memberId, TestIdentity member, int priority, boolean electable) {
        return "{\"memberId\":\"" + memberId + "\",\"identity\":" + quote(idOf(member)) + ",\"priority\":" + priority
                + ",\"address\":\"localhost:" + (7400 + priority) + "\",\"electable\":" + electable + "}";
    }

    public JsonNode register(TestIdentity who, String memberId) {
        return json(ledger.submit(who, ctx -> contract.register(ctx, memberId)));
    }

    public JsonNode keepalive(TestIdentity who, String memberId, long epoch) {
        return json(ledger.submit(who, ctx -> contract.keepalive(ctx, memberId, Long.toString(epoch))));
    }

    public JsonNode update(TestIdentity who, String memberId, long expectedEpoch) {
        return json(ledger.submit(who, ctx -> contract.update(ctx, memberId, Long.toString(expectedEpoch))));
    }

    public JsonNode master(String msp) {
        return json(ledger.evaluate(admin2, ctx -> contract.getMaster(ctx, msp)));
    }

    /** The last committed event, checked to be a cluster event. */
    public JsonNode lastEvent() {
        FakeLedger.Event event = ledger.lastEvent();
        assertThat(event.name()).isEqualTo(ClusterEvents.EVENT_NAME);
        return json(event.payload());
    }

    /** The transient fields a master sends with a fenced write at {@code epoch}. */
    public static Map<String, String> epoch(long epoch) {
        return Map.of(Fencing.EPOCH_FIELD, Long.toString(epoch));
    }

    /** Runs a call that must fail with {@code code}; proves it wrote and announced nothing. */
    public String rejects(ErrorCode code, TestIdentity who, Function<Context, String> call) {
        Map<String, String> before = ledger.snapshot();
        int events = ledger.events().size();
        List<String> message = new ArrayList<>();
        assertThatThrownBy(() -> ledger.submit(who, call)).isInstanceOfSatisfying(WeftException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            message.add(e.getMessage());
        });
        assertThat(ledger.snapshot()).isEqualTo(before);
        assertThat(ledger.events()).hasSize(events);
        return message.get(0);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
