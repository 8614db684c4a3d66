package dev.weft.chaincode.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.chaincode.cluster.ClusterContract;
import dev.weft.chaincode.exchange.ExchangeContract;
import dev.weft.chaincode.cluster.PairContract;
import dev.weft.chaincode.gov.GovContract;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.route.RouteContract;
import dev.weft.chaincode.task.TaskContract;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SystemContractTest {
    private final SystemContract contract = new SystemContract();
    private final FakeLedger ledger = new FakeLedger();
    private final TestIdentity org1Admin = TestIdentity.admin("Org1MSP");
    private final TestIdentity org2User = TestIdentity.client("Org2MSP", "User1");

    @BeforeEach
    void members() {
        for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
            ledger.submit(TestIdentity.admin(msp), ctx -> contract.initMembers(ctx, MEMBERS));
        }
    }

    private static final String MEMBERS = "[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"]";

    @Test
    @org.junit.jupiter.api.DisplayName("issue 9 item 6: the member list takes effect only once every listed "
            + "organisation's admin confirmed the same list; one organisation cannot set it alone")
    void membersNeedEveryListedOrganisationsConfirmation() {
        FakeLedger fresh = new FakeLedger();
        String first = fresh.submit(org1Admin, ctx -> contract.initMembers(ctx, "[\"Org3MSP\",\"Org1MSP\",\"Org2MSP\"]"));
        assertThat(first).contains("\"active\":false").contains("\"waitingFor\":[\"Org2MSP\",\"Org3MSP\"]");
        assertThatThrownBy(() -> fresh.evaluate(org2User, ctx -> contract.members(ctx)))
                .isInstanceOfSatisfying(WeftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_INITIALISED));
        // Org2 confirms a different list: that is a confirmation of other content, it completes nothing.
        String other = fresh.submit(TestIdentity.admin("Org2MSP"), ctx -> contract.initMembers(ctx,
                "[\"Org1MSP\",\"Org2MSP\"]"));
        assertThat(other).contains("\"active\":false");
        // Confirming twice counts once.
        fresh.submit(org1Admin, ctx -> contract.initMembers(ctx, MEMBERS));
        fresh.submit(TestIdentity.admin("Org2MSP"), ctx -> contract.initMembers(ctx, MEMBERS));
        assertThatThrownBy(() -> fresh.evaluate(org2User, ctx -> contract.members(ctx)))
                .isInstanceOf(WeftException.class);
        assertThatThrownBy(() -> fresh.submit(TestIdentity.admin("EvilMSP"), ctx -> contract.initMembers(ctx,
                MEMBERS))).isInstanceOfSatisfying(WeftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        String last = fresh.submit(TestIdentity.admin("Org3MSP"), ctx -> contract.initMembers(ctx, MEMBERS));
        assertThat(last).contains("\"active\":true").contains("\"waitingFor\":[]");
        assertThat(fresh.<String>evaluate(org2User, ctx -> contract.members(ctx))).contains("Org3MSP");
    }

    @Test
    void versionNamesTheBuildAndContracts() {
        String out = ledger.evaluate(org2User, ctx -> contract.version(ctx));
        assertThat(out).contains("\"chaincode\":\"weft\"").contains("\"task\"").doesNotContain("unknown");
    }

    @Test
    void versionListsExactlyTheContractsTheChaincodeServes() throws Exception {
        String out = ledger.evaluate(org2User, ctx -> contract.version(ctx));
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(out).path("contracts").forEach(n -> names.add(n.asText()));
        List<String> served = Stream.of(SystemContract.class, TaskContract.class, GovContract.class,
                RouteContract.class, ClusterContract.class, PairContract.class, ExchangeContract.class)
                .map(c -> c.getAnnotation(Contract.class).name()).toList();
        assertThat(names).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void pingWritesARecordAndEmitsOneEvent() {
        String out = ledger.submit(org2User, ctx -> contract.ping(ctx, "hello"));
        assertThat(out).contains("\"mspId\":\"Org2MSP\"").contains("\"message\":\"hello\"");
        FakeLedger.Event event = ledger.lastEvent();
        assertThat(event.name()).isEqualTo(SystemContract.PING_EVENT);
        assertThat(event.payload()).isEqualTo(out);
        String stored = ledger.evaluate(org2User, ctx -> contract.getPing(ctx, event.txId()));
        assertThat(stored).isEqualTo(out);
    }

    @Test
    void pingFromANonMemberIsForbiddenAndWritesNothing() {
        var before = ledger.snapshot();
        assertThatThrownBy(() -> ledger.submit(TestIdentity.client("EvilMSP", "x"), ctx -> contract.ping(ctx, "hi")))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(ledger.snapshot()).isEqualTo(before);
    }

    @Test
    void oversizedPingIsRejected() {
        assertThatThrownBy(() -> ledger.submit(org2User, ctx -> contract.ping(ctx, "x".repeat(2000))))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    @Test
    void membersAreSetOnceByAnAdminOfAListedOrganisation() {
        assertThatThrownBy(() -> ledger.submit(org1Admin, ctx -> contract.initMembers(ctx, "[\"Org1MSP\"]")))
                .isInstanceOfSatisfying(WeftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        FakeLedger fresh = new FakeLedger();
        assertThatThrownBy(() -> fresh.submit(org2User, ctx -> contract.initMembers(ctx, "[\"Org2MSP\"]")))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> fresh.submit(org1Admin, ctx -> contract.initMembers(ctx, "{not json")))
                .isInstanceOfSatisfying(WeftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThat(fresh.snapshot()).isEmpty();
    }

    @Test
    void readsDoNotSeeTheTransactionsOwnWritesAndConcurrentWritersConflict() {
        var a = ledger.begin(org2User);
        var b = ledger.begin(org2User);
        var ctxA = new org.hyperledger.fabric.contract.Context(a);
        var ctxB = new org.hyperledger.fabric.contract.Context(b);
        dev.weft.chaincode.ledger.Ledger la = dev.weft.chaincode.ledger.Ledger.of(ctxA);
        dev.weft.chaincode.ledger.Ledger lb = dev.weft.chaincode.ledger.Ledger.of(ctxB);
        String key = la.key("counter");
        la.get(key, String.class);
        la.put(key, "a");
        assertThat(la.get(key, String.class)).isEmpty();
        lb.get(key, String.class);
        lb.put(key, "b");
        ledger.commit(a);
        assertThatThrownBy(() -> ledger.commit(b)).isInstanceOf(FakeLedger.MvccConflict.class);
        assertThat(ledger.read(key)).isEqualTo("\"a\"");
    }
}
