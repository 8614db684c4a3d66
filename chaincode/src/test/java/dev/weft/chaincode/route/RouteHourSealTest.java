package dev.weft.chaincode.route;

import static dev.weft.chaincode.route.RouteFixture.PRE_RELEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 (Deliver 2): call statistics kept in hourly buckets that a query reads in
 * bounded time. {@code route:SealHours} adds each finished hour up into one summary key,
 * {@code route:Stats} reads that key instead of the hour's records, and a record whose
 * transaction lies in a sealed hour goes to the late keys. Reads are counted on the fake
 * ledger as {@code RouteRouterTest.statsOfAWindowReadsOnlyItsHours} counts them.
 */
class RouteHourSealTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final TestIdentity[] USERS = {TestIdentity.client("Org1MSP", "User1"),
            TestIdentity.client("Org2MSP", "User2"), TestIdentity.client("Org3MSP", "User3")};
    private static final String[] CLASSES = {"TEST", "", "PRODUCTION", "GRAY"};

    private static Instant hour(long h) {
        return T0.plus(Duration.ofHours(h));
    }

    private static String hourKey(long h) {
        return RouteKeys.hour(hour(h));
    }

    /** Route {@code asset} created by governance at 00:30 on 2026-01-01, so sealing starts at hour 00. */
    private static final class World {
        final RouteFixture f = new RouteFixture();
        final GovFixture g = f.gov;
        private long failures;

        World() {
            FakeLedger.ChaincodeHandler asset = (ctx, args) -> {
                if (!args.get(0).equals("CreateAsset")) {
                    throw new ChaincodeException("no such function " + args.get(0));
                }
                ctx.getStub().putState("asset~" + args.get(1), "{}".getBytes(StandardCharsets.UTF_8));
                return "{}";
            };
            g.ledger.deploy("asset_v1", asset);
            g.ledger.deploy("asset_v2", asset);
            at(T0.plus(Duration.ofMinutes(30)));
            g.govern(PRE_RELEASE);
        }

        void at(Instant time) {
            g.ledger.advanceClock(Duration.between(g.ledger.clock(), time));
        }

        void call(TestIdentity who, String cls, String id) {
            g.ledger.submit(who, ctx -> f.route.invoke(ctx, "asset", cls, id, "CreateAsset",
                    "[\"" + id + "\",\"o\"]"));
        }

        /** A failure report for a made-up failed transaction (the router checks its form, not its existence). */
        Router.Reported report(TestIdentity who, String cls, String key) {
            String failedTx = String.format(Locale.ROOT, "f%063x", ++failures);
            return GovFixture.read(g.ledger.submit(who, ctx -> f.route.reportError(ctx, "asset", cls, key, "Fail",
                    failedTx)), Router.Reported.class);
        }

        HourSeal.Sealed seal(TestIdentity who, String name, String maxHours) {
            return GovFixture.read(g.ledger.submit(who, ctx -> f.route.sealHours(ctx, name, maxHours)),
                    HourSeal.Sealed.class);
        }

        HourSeal.Sealed seal(TestIdentity who, String maxHours) {
            return seal(who, "asset", maxHours);
        }

        /** As a gateway master does: {@code [name, "48"]} again while {@code more}; answers the hours sealed. */
        int sealAll() {
            int total = 0;
            HourSeal.Sealed s;
            do {
                s = seal(USERS[0], "48");
                total += s.sealed();
            } while (s.more());
            return total;
        }

        CallStats stats(String since) {
            return GovFixture.read(g.ledger.evaluate(USERS[2], ctx -> f.route.stats(ctx, "asset", since)),
                    CallStats.class);
        }

        Map<String, CallStats> stats(List<String> sinces) {
            Map<String, CallStats> out = new LinkedHashMap<>();
            sinces.forEach(s -> out.put(s, stats(s)));
            return out;
        }

        /** Keys a route:Stats query goes through (point and range reads together). */
        int statsReads(String since) {
            FakeStub stub = g.ledger.begin(USERS[2]);
            f.route.stats(new Context(stub), "asset", since);
            return stub.readCount() + stub.rangeKeyCount();
        }

        String key(Function<Ledger, String> fn) {
            return g.ledger.evaluate(USERS[0], ctx -> fn.apply(Ledger.of(ctx)));
        }

        List<String> keys(String prefix) {
            return g.ledger.snapshot().keySet().stream().filter(k -> k.startsWith("\u0000" + prefix + "\u0000"))
                    .toList();
        }

        HourSummary summary(long h) {
            String json = g.ledger.read(key(l -> RouteKeys.hourSummary(l, "asset", hour(h))));
            return json == null ? null : GovFixture.read(json, HourSummary.class);
        }
    }

    private static CallStats.VersionStats version(CallStats stats, String chaincode) {
        return stats.versions().stream().filter(v -> v.chaincode().equals(chaincode)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("issue 16: a week-long window of sealed hours reads the same keys whether each hour held 5 or 50 "
            + "calls, and counts what it counted unsealed")
    void aWeekOfSealedHoursCostsTheSameHoweverBusy() {
        int[] perHour = {5, 50};
        int[] windowReads = new int[2];
        int[] fullReads = new int[2];
        for (int w = 0; w < perHour.length; w++) {
            World world = new World();
            int n = perHour[w];
            for (int h = 0; h < 165; h++) {
                for (int i = 0; i < n; i++) {
                    world.at(hour(h).plus(Duration.ofMinutes(i)));
                    world.call(USERS[i % 3], i % 2 == 0 ? "TEST" : "", "c" + h + "-" + i);
                }
                for (int i = 0; i < n / 5; i++) {
                    world.at(hour(h).plus(Duration.ofMinutes(55)).plusSeconds(i));
                    world.report(USERS[i % 3], "TEST", "e" + h + "-" + i);
                }
            }
            world.at(hour(166)); // hours 00..164 are sealable; the window is T0 to the hour after now, 168 hours
            String since = T0.toString();
            CallStats before = world.stats(since);
            CallStats allBefore = world.stats("");
            int readsBefore = world.statsReads(since);
            assertThat(before.versions().stream().mapToLong(CallStats.VersionStats::calls).sum())
                    .isEqualTo(165L * (n + n / 5));
            assertThat(version(before, "asset_v2").errors()).isEqualTo(165L * (n / 5));

            assertThat(world.sealAll()).isEqualTo(165);
            assertThat(world.stats(since)).isEqualTo(before);
            assertThat(world.stats("")).isEqualTo(allBefore);
            windowReads[w] = world.statsReads(since);
            fullReads[w] = world.statsReads("");
            assertThat(readsBefore).as("unsealed, the window reads every record").isGreaterThan(165 * n);
        }
        assertThat(windowReads[1]).as("50 calls an hour cost what 5 do").isEqualTo(windowReads[0]);
        assertThat(windowReads[0]).as("the policy and one summary key per hour of the window").isEqualTo(1 + 168);
        assertThat(fullReads[1]).as("a full read costs the same too").isEqualTo(fullReads[0]);
    }

    @Test
    @DisplayName("issue 16: route:Stats answers the same before sealing, half sealed and sealed, for whole and "
            + "partial first hours, windows and full reads")
    void statsAreTheSameBeforeAndAfterSealing() {
        World w = new World();
        for (int h = 0; h < 6; h++) {
            for (int i = 0; i < 3 + h; i++) {
                w.at(hour(h).plus(Duration.ofMinutes(7L * i)));
                w.call(USERS[i % 3], CLASSES[i % 4], "k" + h + "-" + i);
            }
            for (int i = 0; i <= h % 3; i++) {
                w.at(hour(h).plus(Duration.ofMinutes(50 + i)));
                w.report(USERS[(h + i) % 3], CLASSES[(h + i) % 4], "r" + h + "-" + i);
            }
        }
        w.at(hour(180).plus(Duration.ofMinutes(5)));
        w.call(USERS[0], "TEST", "week-later");
        w.report(USERS[1], "", "week-later");
        w.at(hour(182));
        List<String> sinces = List.of("", T0.toString(), T0.plus(Duration.ofMinutes(20)).toString(),
                hour(2).plus(Duration.ofMinutes(20)).toString(), hour(4).toString(),
                hour(5).plus(Duration.ofMinutes(10)).toString(), hour(176).toString(),
                hour(179).plus(Duration.ofMinutes(30)).toString(), hour(180).plus(Duration.ofMinutes(3)).toString());
        Map<String, CallStats> before = w.stats(sinces);
        CallStats all = before.get("");
        assertThat(all.versions()).extracting(CallStats.VersionStats::chaincode)
                .containsExactly("asset_v1", "asset_v2");
        assertThat(version(all, "asset_v1").errorsByReporter()).hasSizeGreaterThan(1);
        assertThat(version(all, "asset_v1").byClass()).containsKeys("GRAY", "PRODUCTION");
        assertThat(before.get(hour(176).toString()).versions()).isNotEmpty();

        assertThat(w.seal(USERS[1], "10").sealed()).isEqualTo(10);
        assertThat(w.stats(sinces)).as("hours 00..09 sealed").isEqualTo(before);
        assertThat(w.sealAll()).isEqualTo(171);
        assertThat(w.summary(180)).isNotNull();
        assertThat(w.stats(sinces)).as("hours 00..180 sealed").isEqualTo(before);
    }

    @Test
    @DisplayName("issue 16: an hour is sealed only an hour after it ends, at most maxHours a call, from the cursor "
            + "on, empty hours too; more says whether to call again")
    void sealingFollowsTheClockTheCursorAndMaxHours() {
        World w = new World();
        w.at(hour(2).plus(Duration.ofMinutes(10)));
        w.call(USERS[2], "TEST", "a");
        w.at(hour(2).minusSeconds(1));
        Map<String, String> state = w.g.ledger.snapshot();
        assertThat(w.seal(USERS[0], "48")).isEqualTo(new HourSeal.Sealed("asset", 0, hourKey(0), hourKey(0), false));
        assertThat(w.g.ledger.snapshot()).as("nothing to seal writes nothing").isEqualTo(state);

        w.at(hour(2));
        assertThat(w.seal(USERS[0], "48")).isEqualTo(new HourSeal.Sealed("asset", 1, hourKey(0), hourKey(1), false));
        w.at(hour(6).plus(Duration.ofMinutes(30))); // 01..04 sealable, 05 not before 07:00
        assertThat(w.seal(USERS[1], "3")).isEqualTo(new HourSeal.Sealed("asset", 3, hourKey(1), hourKey(4), true));
        assertThat(w.seal(USERS[1], "3")).isEqualTo(new HourSeal.Sealed("asset", 1, hourKey(4), hourKey(5), false));
        assertThat(w.seal(USERS[1], "48").sealed()).isZero();
        assertThat(w.summary(5)).isNull();
        assertThat(w.keys(RouteKeys.HOUR_SUMMARY)).hasSize(5);

        HourSummary empty = w.summary(1);
        assertThat(empty.records()).isZero();
        assertThat(empty.chaincodes()).isEmpty();
        assertThat(empty.sealedBy()).isEqualTo("Org2MSP");
        HourSummary busy = w.summary(2);
        assertThat(busy.hour()).isEqualTo(hourKey(2));
        assertThat(busy.records()).isEqualTo(1);
        assertThat(busy.sealedAt()).isEqualTo(hour(6).plus(Duration.ofMinutes(30)).toString());
        assertThat(busy.chaincodes()).containsOnlyKeys("asset_v2");
        HourSummary.Version v2 = busy.chaincodes().get("asset_v2");
        assertThat(v2.label()).isEqualTo("2");
        assertThat(v2.calls()).isEqualTo(1);
        assertThat(v2.byClass()).containsExactly(Map.entry("TEST", new CallStats.Counts(1, 0)));
        assertThat(w.summary(0).sealedBy()).isEqualTo("Org1MSP");

        SealCursor cursor = GovFixture.read(w.g.ledger.read(w.key(l -> RouteKeys.sealCursor(l, "asset"))),
                SealCursor.class);
        assertThat(cursor.next()).isEqualTo(hourKey(5));
        assertThat(cursor.by()).isEqualTo(w.g.qualifiedId(USERS[1]));
        w.at(hour(7));
        assertThat(w.seal(USERS[2], "48")).isEqualTo(new HourSeal.Sealed("asset", 1, hourKey(5), hourKey(6), false));
    }

    @Test
    @DisplayName("issue 16: a call and an error report whose transaction time lies in a sealed hour are counted "
            + "once, as late records")
    void aRecordOfASealedHourIsCountedOnceAsLate() {
        World w = new World();
        w.at(hour(0).plus(Duration.ofMinutes(40)));
        w.call(USERS[2], "TEST", "a");
        w.report(USERS[0], "TEST", "a");
        w.at(hour(2));
        assertThat(w.sealAll()).isEqualTo(1);
        int hourlyCalls = w.keys(RouteKeys.CALL_HOURLY).size();
        int hourlyErrors = w.keys(RouteKeys.ERROR_HOURLY).size();

        w.at(hour(0).plus(Duration.ofMinutes(50))); // a client that backdates its transactions into hour 00
        w.call(USERS[2], "TEST", "b");
        w.report(USERS[1], "TEST", "b");
        assertThat(w.keys(RouteKeys.CALL_HOURLY)).hasSize(hourlyCalls);
        assertThat(w.keys(RouteKeys.ERROR_HOURLY)).hasSize(hourlyErrors);
        assertThat(w.keys(RouteKeys.CALL_LATE)).singleElement().asString().contains(hourKey(0));
        assertThat(w.keys(RouteKeys.ERROR_LATE)).hasSize(1);
        assertThat(w.keys(RouteKeys.ERROR)).as("the duplicate guard, as for any report").hasSize(2);

        w.at(hour(3));
        assertThat(w.sealAll()).isEqualTo(1);
        for (String since : List.of("", T0.toString(), T0.plus(Duration.ofMinutes(10)).toString())) {
            CallStats.VersionStats v = version(w.stats(since), "asset_v2");
            assertThat(v.calls()).as(since).isEqualTo(4);
            assertThat(v.errors()).as(since).isEqualTo(2);
            assertThat(v.byClass()).as(since).containsExactly(Map.entry("TEST", new CallStats.Counts(4, 2)));
            assertThat(v.errorsByReporter()).as(since).containsExactly(Map.entry("Org1MSP", 1L),
                    Map.entry("Org2MSP", 1L));
        }
        CallStats.VersionStats lateOnly = version(w.stats(T0.plus(Duration.ofMinutes(45)).toString()), "asset_v2");
        assertThat(lateOnly.calls()).isEqualTo(2);
        assertThat(lateOnly.errorsByReporter()).containsExactly(Map.entry("Org2MSP", 1L));
        assertThat(w.stats(T0.plus(Duration.ofMinutes(55)).toString()).versions()).isEmpty();
    }

    @Test
    @DisplayName("issue 16: a backdated call and the seal of its hour cannot both commit; an honest call of the "
            + "current hour never conflicts with a seal")
    void aBackdatedCallRacingASealConflicts() {
        World w = new World();
        w.at(hour(0).plus(Duration.ofMinutes(59)));
        FakeStub backdated = w.g.ledger.begin(USERS[2]);
        w.f.route.invoke(new Context(backdated), "asset", "TEST", "race1", "CreateAsset", "[\"race1\",\"o\"]");
        w.at(hour(2));
        FakeStub honest = w.g.ledger.begin(USERS[1]);
        w.f.route.invoke(new Context(honest), "asset", "TEST", "now", "CreateAsset", "[\"now\",\"o\"]");
        assertThat(w.seal(USERS[0], "48").sealed()).isEqualTo(1);
        assertThatThrownBy(() -> w.g.ledger.commit(backdated)).isInstanceOf(FakeLedger.MvccConflict.class);
        w.g.ledger.commit(honest);

        w.at(hour(3));
        FakeStub seal = w.g.ledger.begin(USERS[0]);
        w.f.route.sealHours(new Context(seal), "asset", "48"); // would seal hour 01
        w.at(hour(1).plus(Duration.ofMinutes(30)));
        w.call(USERS[2], "TEST", "race2");
        assertThatThrownBy(() -> w.g.ledger.commit(seal)).isInstanceOf(FakeLedger.MvccConflict.class);
        w.at(hour(3));
        assertThat(w.sealAll()).isEqualTo(1);
        assertThat(w.summary(1).records()).isEqualTo(1);
        assertThat(version(w.stats(""), "asset_v2").calls()).isEqualTo(2);
    }

    @Test
    @DisplayName("issue 16: route:SealHours is refused to a non-member, for a bad maxHours or route, and writes "
            + "nothing then; a NODE route has nothing to seal")
    void sealHoursChecksItsCallerAndArguments() {
        World w = new World();
        w.at(hour(5));
        w.g.assertRejected(ErrorCode.FORBIDDEN, () -> w.seal(TestIdentity.client("EvilMSP", "x"), "48"));
        for (String bad : new String[] {"0", "49", "100", "", " 4", "4.0", "-1", "+3", "abc", "\u0661\u0662", null}) {
            w.g.assertRejected(ErrorCode.BAD_REQUEST, () -> w.seal(USERS[0], bad));
        }
        w.g.assertRejected(ErrorCode.NOT_FOUND, () -> w.seal(USERS[0], "other", "48"));
        w.g.assertRejected(ErrorCode.BAD_REQUEST, () -> w.seal(USERS[0], "no/route", "48"));
        assertThat(w.keys(RouteKeys.HOUR_SUMMARY)).isEmpty();
        assertThat(w.keys(RouteKeys.SEAL_CURSOR)).isEmpty();

        w.g.govern(RouteNodePolicyTest.NODE_PRE_RELEASE);
        w.at(hour(9));
        assertThat(w.seal(USERS[0], "peer-logic", "48")).isEqualTo(new HourSeal.Sealed("peer-logic", 0, "", "",
                false));
        assertThat(w.keys(RouteKeys.HOUR_SUMMARY)).isEmpty();
    }

    @Test
    @DisplayName("issue 16: per routed call and error report, statistics cost the router exactly one read: the "
            + "summary key of the transaction's hour")
    void aRoutedCallPaysOneReadForStatistics() {
        World w = new World();
        w.at(hour(3).plus(Duration.ofMinutes(5)));
        FakeStub invoke = w.g.ledger.begin(USERS[2]);
        w.f.route.invoke(new Context(invoke), "asset", "TEST", "k", "CreateAsset", "[\"k\",\"o\"]");
        FakeStub query = w.g.ledger.begin(USERS[2]);
        w.f.route.query(new Context(query), "asset", "TEST", "k", "CreateAsset", "[\"k\",\"o\"]");
        String members = w.key(Members::key);
        String policy = w.key(l -> RouteKeys.policy(l, "asset"));
        String marker = w.key(l -> RouteKeys.hourSummary(l, "asset", hour(3)));
        assertThat(query.readKeys()).as("resolving alone").containsExactlyInAnyOrder(members, policy);
        assertThat(invoke.readKeys()).containsExactlyInAnyOrder(members, policy, marker);
        assertThat(invoke.readCount() - query.readCount()).isEqualTo(1);
        assertThat(invoke.rangeReadCount()).isZero();
        assertThat(invoke.writeCount()).as("the call record").isEqualTo(1);

        String failedTx = String.format(Locale.ROOT, "%064x", 999_999);
        FakeStub report = w.g.ledger.begin(USERS[2]);
        w.f.route.reportError(new Context(report), "asset", "TEST", "k", "Fail", failedTx);
        String guard = w.key(l -> RouteKeys.error(l, "asset", "asset_v2", "Org3MSP", failedTx));
        assertThat(report.readKeys()).containsExactlyInAnyOrder(members, policy, guard, marker);
        assertThat(report.rangeReadCount()).isZero();

        w.at(hour(5)); // hour 03 sealed: a backdated call pays the same one read
        w.sealAll();
        w.at(hour(3).plus(Duration.ofMinutes(30)));
        FakeStub late = w.g.ledger.begin(USERS[2]);
        w.f.route.invoke(new Context(late), "asset", "TEST", "k2", "CreateAsset", "[\"k2\",\"o\"]");
        assertThat(late.readKeys()).containsExactlyInAnyOrder(members, policy, marker);
        assertThat(late.rangeReadCount()).isZero();
    }
}
