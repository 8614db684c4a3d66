package dev.weft.chaincode.route;

import static dev.weft.chaincode.route.RouteFixture.PRE_RELEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.weft.chaincode.ledger.WeftException;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RouteRouterTest {
    private final RouteFixture f = new RouteFixture();
    private final GovFixture g = f.gov;
    private final TestIdentity user = TestIdentity.client("Org3MSP", "User1");
    private FakeLedger v1;
    private FakeLedger v2;

    /**
     * A tiny asset chaincode: CreateAsset id owner → writes asset~id; Fail → error before any write;
     * WriteThenFail id → writes asset~id, then fails (a version that breaks the check-before-write rule).
     */
    private static FakeLedger.ChaincodeHandler asset(String version) {
        return (ctx, args) -> {
            switch (args.get(0)) {
                case "CreateAsset" -> {
                    String json = "{\"id\":\"" + args.get(1) + "\",\"owner\":\"" + args.get(2) + "\",\"version\":\""
                            + version + "\",\"by\":\"" + ctx.getClientIdentity().getMSPID() + "\"}";
                    ctx.getStub().putState("asset~" + args.get(1), json.getBytes(StandardCharsets.UTF_8));
                    return json;
                }
                case "Fail" -> throw new ChaincodeException("ASSET_BROKEN: v" + version + " failed secret-detail",
                        "ASSET_BROKEN".getBytes(StandardCharsets.UTF_8));
                case "WriteThenFail" -> {
                    ctx.getStub().putState("asset~" + args.get(1), "half".getBytes(StandardCharsets.UTF_8));
                    throw new ChaincodeException("half done");
                }
                default -> throw new ChaincodeException("no such function " + args.get(0));
            }
        };
    }

    @BeforeEach
    void deployVersions() {
        v1 = g.ledger.deploy("asset_v1", asset("1"));
        v2 = g.ledger.deploy("asset_v2", asset("2"));
        g.govern(PRE_RELEASE);
    }

    private Router.RoutedCall invoke(TestIdentity who, String cls, String key, String fn, String args) {
        return GovFixture.read(g.ledger.submit(who, ctx -> f.route.invoke(ctx, "asset", cls, key, fn, args)),
                Router.RoutedCall.class);
    }

    private CallStats stats(String since) {
        return GovFixture.read(g.ledger.evaluate(user, ctx -> f.route.stats(ctx, "asset", since)), CallStats.class);
    }

    @Test
    @DisplayName("S2.7 route:Invoke forwards chaincode-to-chaincode to the resolved version as the original caller")
    void invokeReachesTheResolvedVersion() {
        Router.RoutedCall test = invoke(user, "TEST", "a1", "CreateAsset", "[\"a1\",\"alice\"]");
        assertThat(test.ok()).isTrue();
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.resolution().target().chaincode()).isEqualTo("asset_v2");
        assertThat(test.payload()).contains("\"version\":\"2\"").contains("\"by\":\"Org3MSP\"");
        assertThat(v2.read("asset~a1")).isEqualTo(test.payload());
        assertThat(v1.read("asset~a1")).isNull();

        Router.RoutedCall prod = invoke(user, "", "a2", "CreateAsset", "[\"a2\",\"bob\"]");
        assertThat(prod.resolution().trafficClass()).isEqualTo("PRODUCTION");
        assertThat(prod.payload()).contains("\"version\":\"1\"");
        assertThat(v1.read("asset~a2")).isNotNull();
        assertThat(g.ledger.snapshot().keySet()).filteredOn(k -> k.contains(RouteKeys.CALL)).hasSize(2);
    }

    private Router.Reported report(TestIdentity who, String cls, String key, String fn, String failedTx) {
        return GovFixture.read(g.ledger.submit(who, ctx -> f.route.reportError(ctx, "asset", cls, key, fn, failedTx)),
                Router.Reported.class);
    }

    /** Submits a routed call that must fail with TARGET_FAILED; returns the failed transaction's ID. */
    private String failingCall(TestIdentity who, String cls, String key, String fn, String args) {
        FakeStub tx = g.ledger.begin(who);
        Map<String, String> before = g.ledger.snapshot();
        assertThatThrownBy(() -> f.route.invoke(new Context(tx), "asset", cls, key, fn, args))
                .isInstanceOfSatisfying(WeftException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TARGET_FAILED);
                    assertThat(e.getMessage()).doesNotContain("secret-detail");
                });
        assertThat(g.ledger.snapshot()).isEqualTo(before);
        return tx.getTxId();
    }

    @Test
    @DisplayName("issue 9 item 5: a version that writes and then fails leaves nothing: route:Invoke fails its "
            + "transaction, so the version's partial writes are never committed")
    void partialWritesOfAFailingVersionAreNeverCommitted() {
        FakeStub tx = g.ledger.begin(user);
        assertThatThrownBy(() -> f.route.invoke(new Context(tx), "asset", "TEST", "k", "WriteThenFail", "[\"h1\"]"))
                .isInstanceOfSatisfying(WeftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TARGET_FAILED));
        // A peer endorses nothing for a failed proposal, so nothing reaches the orderer or the ledger.
        assertThat(v2.read("asset~h1")).isNull();
        assertThat(g.ledger.snapshot().keySet()).noneMatch(k -> k.contains(RouteKeys.CALL));
    }

    @Test
    @DisplayName("issue 9 item 5: errors are counted from the callers' own failure reports (one per organisation and "
            + "failed call, against the version the route resolves them to); callee text is never on chain")
    void errorsAreCountedFromReports() {
        invoke(user, "TEST", "a1", "CreateAsset", "[\"a1\",\"alice\"]");
        String failedTest = failingCall(user, "TEST", "x", "Fail", "");
        Router.Reported r = report(user, "TEST", "x", "Fail", failedTest);
        assertThat(r.resolution().target().chaincode()).isEqualTo("asset_v2");
        assertThat(r.report().reporterMsp()).isEqualTo("Org3MSP");
        assertThat(r.report().reportedBy()).isEqualTo(g.qualifiedId(user));
        g.assertRejected(ErrorCode.ALREADY_EXISTS, () -> report(user, "TEST", "x", "Fail", failedTest));
        String failedProd = failingCall(user, "", "x", "Fail", "[]");
        report(user, "", "x", "Fail", failedProd);
        invoke(user, "", "a2", "CreateAsset", "[\"a2\",\"bob\"]");
        invoke(user, "", "a3", "CreateAsset", "[\"a3\",\"bob\"]");
        assertThat(g.ledger.snapshot().values()).noneMatch(v -> v.contains("secret-detail") || v.contains("ASSET_BROKEN"));

        CallStats all = stats("");
        assertThat(all.versions()).extracting(CallStats.VersionStats::chaincode).containsExactly("asset_v1", "asset_v2");
        CallStats.VersionStats old = all.versions().get(0);
        CallStats.VersionStats neu = all.versions().get(1);
        assertThat(old.role()).isEqualTo("OLD");
        assertThat(old.calls()).isEqualTo(3);
        assertThat(old.errors()).isEqualTo(1);
        assertThat(old.errorRateBps()).isEqualTo(3333);
        assertThat(old.byClass()).containsEntry("PRODUCTION", new CallStats.Counts(3, 1));
        assertThat(old.errorsByReporter()).containsExactly(Map.entry("Org3MSP", 1L));
        assertThat(neu.role()).isEqualTo("NEW");
        assertThat(neu.byClass()).containsEntry("TEST", new CallStats.Counts(2, 1));

        g.ledger.advanceClock(Duration.ofHours(1));
        String since = g.ledger.clock().toString();
        invoke(user, "TEST", "a4", "CreateAsset", "[\"a4\",\"carol\"]");
        CallStats recent = stats(since);
        assertThat(recent.since()).isEqualTo(since);
        assertThat(recent.versions()).singleElement().satisfies(v -> {
            assertThat(v.chaincode()).isEqualTo("asset_v2");
            assertThat(v.calls()).isEqualTo(1);
            assertThat(v.errors()).isZero();
        });
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> stats("yesterday"));
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> report(user, "", "x", "Fail", "not-a-tx"));
        g.assertRejected(ErrorCode.FORBIDDEN, () -> report(TestIdentity.client("EvilMSP", "x"), "", "x", "Fail",
                failedProd));
    }

    @Test
    @DisplayName("S2.7 a version the peer cannot reach fails the call with TARGET_FAILED and records nothing")
    void unreachableVersion() {
        RouteFixture lonely = new RouteFixture();
        lonely.gov.govern(PRE_RELEASE);
        lonely.gov.assertRejected(ErrorCode.TARGET_FAILED, () -> lonely.gov.ledger.submit(user,
                ctx -> lonely.route.invoke(ctx, "asset", "", "k", "CreateAsset", "[\"a\",\"b\"]")));
        assertThat(lonely.gov.ledger.snapshot().keySet()).noneMatch(k -> k.contains(RouteKeys.CALL));
    }

    @Test
    @DisplayName("S2.7 routed calls in one block never conflict: one call record per transaction")
    void concurrentCallsNeverConflict() {
        List<FakeStub> block = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            FakeStub tx = g.ledger.begin(TestIdentity.client("Org" + (1 + i % 3) + "MSP", "User" + i));
            String id = "c" + i;
            f.route.invoke(new Context(tx), "asset", i % 2 == 0 ? "TEST" : "", id, "CreateAsset",
                    "[\"" + id + "\",\"o\"]");
            block.add(tx);
        }
        int conflicts = 0;
        for (FakeStub tx : block) {
            try {
                g.ledger.commit(tx);
            } catch (FakeLedger.MvccConflict e) {
                conflicts++;
            }
        }
        assertThat(conflicts).isZero();
        assertThat(stats("").versions()).extracting(CallStats.VersionStats::calls).containsExactly(15L, 15L);
    }

    @Test
    @DisplayName("S2.7 route:Query forwards without recording; bad input and outsiders are refused")
    void queryAndRefusals() {
        var before = g.ledger.snapshot();
        Router.RoutedCall q = GovFixture.read(g.ledger.evaluate(user,
                ctx -> f.route.query(ctx, "asset", "TEST", "k", "CreateAsset", "[\"q\",\"o\"]")), Router.RoutedCall.class);
        assertThat(q.payload()).contains("\"version\":\"2\"");
        assertThat(g.ledger.snapshot()).isEqualTo(before);
        assertThat(v2.read("asset~q")).isNull();
        g.assertRejected(ErrorCode.TARGET_FAILED, () -> g.ledger.evaluate(user,
                ctx -> f.route.query(ctx, "asset", "TEST", "k", "Fail", "[]")));

        g.assertRejected(ErrorCode.BAD_REQUEST, () -> invoke(user, "", "k", "CreateAsset", "{\"a\":1}"));
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> invoke(user, "", "k", "CreateAsset", "[\"a\",null]"));
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> invoke(user, "", "k", "", "[]"));
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> invoke(user, "CANARY", "k", "CreateAsset", "[]"));
        g.assertRejected(ErrorCode.FORBIDDEN, () -> invoke(TestIdentity.client("EvilMSP", "x"), "", "k",
                "CreateAsset", "[\"a\",\"b\"]"));
        g.assertRejected(ErrorCode.NOT_FOUND, () -> GovFixture.read(g.ledger.submit(user,
                ctx -> f.route.invoke(ctx, "other", "", "k", "CreateAsset", "[]")), Router.RoutedCall.class));
        assertThat(v1.snapshot()).isEmpty();
        assertThat(v2.snapshot()).isEmpty();
    }

    /** Keys a route:Stats query for {@code since} goes through (point and range reads together). */
    private int statsReads(String since) {
        FakeStub stub = g.ledger.begin(user);
        f.route.stats(new Context(stub), "asset", since);
        return stub.readCount() + stub.rangeKeyCount();
    }

    @Test
    @DisplayName("issue 16 S2.8: route:Stats for a window reads only the window's hours, however many calls came before")
    void statsOfAWindowReadsOnlyItsHours() {
        for (int i = 0; i < 40; i++) {
            invoke(user, i % 2 == 0 ? "TEST" : "", "old" + i, "CreateAsset", "[\"old" + i + "\",\"o\"]");
        }
        report(user, "TEST", "x", "Fail", failingCall(user, "TEST", "x", "Fail", ""));
        g.ledger.advanceClock(Duration.ofHours(3));
        String since = g.ledger.clock().toString();
        invoke(user, "TEST", "new1", "CreateAsset", "[\"new1\",\"o\"]");
        report(user, "TEST", "y", "Fail", failingCall(user, "TEST", "y", "Fail", ""));
        int windowReads = statsReads(since);
        for (int i = 0; i < 40; i++) {
            g.ledger.advanceClock(Duration.ofMinutes(-180)); // back into the old hours
            invoke(user, "", "older" + i, "CreateAsset", "[\"older" + i + "\",\"o\"]");
            g.ledger.advanceClock(Duration.ofMinutes(180));
        }
        assertThat(statsReads(since)).as("40 more calls before the window cost the query nothing").isEqualTo(windowReads);
        assertThat(windowReads).isLessThan(10);
        assertThat(statsReads("")).as("a query without since reads every record").isGreaterThan(80);
        CallStats recent = stats(since);
        assertThat(recent.versions()).singleElement().satisfies(v -> {
            assertThat(v.chaincode()).isEqualTo("asset_v2");
            assertThat(v.calls()).isEqualTo(2);
            assertThat(v.errors()).isEqualTo(1);
        });
        CallStats all = stats("");
        assertThat(all.versions()).extracting(CallStats.VersionStats::calls).containsExactly(60L, 23L);
    }

    @Test
    @DisplayName("issue 16 S2.8: a window longer than a week is read in full, with the same counts")
    void longWindowReadsInFull() {
        invoke(user, "", "a", "CreateAsset", "[\"a\",\"o\"]");
        g.ledger.advanceClock(Duration.ofDays(10));
        invoke(user, "", "b", "CreateAsset", "[\"b\",\"o\"]");
        String eightDaysAgo = g.ledger.clock().minus(Duration.ofDays(8)).toString();
        assertThat(stats(eightDaysAgo).versions()).singleElement().satisfies(v -> assertThat(v.calls()).isEqualTo(1));
        String elevenDaysAgo = g.ledger.clock().minus(Duration.ofDays(11)).toString();
        assertThat(stats(elevenDaysAgo).versions()).singleElement().satisfies(v -> assertThat(v.calls()).isEqualTo(2));
    }
}
