package dev.weft.chaincode.route;

import static dev.weft.chaincode.route.RouteFixture.PRE_RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** A tiny asset chaincode: CreateAsset id owner → writes asset~id; Fail → error before any write. */
    private static FakeLedger.ChaincodeHandler asset(String version) {
        return (ctx, args) -> {
            switch (args.get(0)) {
                case "CreateAsset" -> {
                    String json = "{\"id\":\"" + args.get(1) + "\",\"owner\":\"" + args.get(2) + "\",\"version\":\""
                            + version + "\",\"by\":\"" + ctx.getClientIdentity().getMSPID() + "\"}";
                    ctx.getStub().putState("asset~" + args.get(1), json.getBytes(StandardCharsets.UTF_8));
                    return json;
                }
                case "Fail" -> throw new ChaincodeException("ASSET_BROKEN: v" + version + " failed");
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

    @Test
    @DisplayName("S2.8 a failing version is recorded per call, so per-version error counts come from the ledger")
    void errorsAreCounted() {
        invoke(user, "TEST", "a1", "CreateAsset", "[\"a1\",\"alice\"]");
        Router.RoutedCall failed = invoke(user, "TEST", "x", "Fail", "");
        assertThat(failed.ok()).isFalse();
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.message()).isEqualTo("ASSET_BROKEN: v2 failed");
        invoke(user, "", "x", "Fail", "[]");
        invoke(user, "", "a2", "CreateAsset", "[\"a2\",\"bob\"]");
        invoke(user, "", "a3", "CreateAsset", "[\"a3\",\"bob\"]");

        CallStats all = stats("");
        assertThat(all.versions()).extracting(CallStats.VersionStats::chaincode).containsExactly("asset_v1", "asset_v2");
        CallStats.VersionStats old = all.versions().get(0);
        CallStats.VersionStats neu = all.versions().get(1);
        assertThat(old.role()).isEqualTo("OLD");
        assertThat(old.calls()).isEqualTo(3);
        assertThat(old.errors()).isEqualTo(1);
        assertThat(old.errorRateBps()).isEqualTo(3333);
        assertThat(old.byClass()).containsEntry("PRODUCTION", new CallStats.Counts(3, 1));
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
    }

    @Test
    @DisplayName("S2.7 a version the peer cannot reach is an error call, recorded like any other")
    void unreachableVersion() {
        RouteFixture lonely = new RouteFixture();
        lonely.gov.govern(PRE_RELEASE);
        Router.RoutedCall call = GovFixture.read(lonely.gov.ledger.submit(user,
                ctx -> lonely.route.invoke(ctx, "asset", "", "k", "CreateAsset", "[\"a\",\"b\"]")), Router.RoutedCall.class);
        assertThat(call.ok()).isFalse();
        assertThat(call.message()).startsWith("cannot reach asset_v1");
        assertThat(lonely.gov.ledger.snapshot().keySet()).filteredOn(k -> k.contains(RouteKeys.CALL)).hasSize(1);
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
}
