package dev.weft.chaincode.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteResolverTest {
    private static final int KEYS = 100_000;
    private static final Caller USER = new Caller("Org1MSP", "x509::CN=user", "client");
    private static final RoutePolicy.Stamp STAMP = new RoutePolicy.Stamp("2026-01-01T00:00:00Z", "tx", "p");
    private static final VersionTarget V1 = new VersionTarget("1", "asset_v1", null, null);
    private static final VersionTarget V2 = new VersionTarget("2", "asset_v2", null, null);

    private static RoutePolicy grayAt(int weightBps, Principals cohort) {
        return RoutePolicy.start("asset", RouteKind.CHAINCODE, V1, V2, null, STAMP)
                .gray(new GrayRule(weightBps, cohort), null, STAMP);
    }

    @Test
    @DisplayName("S2.7 the same routing key always resolves to the same version for a given policy")
    void deterministic() {
        RoutePolicy p = grayAt(3000, null);
        for (int i = 0; i < 2000; i++) {
            String key = "customer-" + i;
            Resolver.Resolution first = Resolver.resolve(p, "", key, USER);
            Resolver.Resolution again = Resolver.resolve(grayAt(3000, null), "AUTO", key,
                    new Caller("Org3MSP", "x509::CN=other", "client"));
            assertThat(again.version()).isEqualTo(first.version());
            assertThat(again.bucket()).isEqualTo(first.bucket()).isEqualTo(Resolver.bucket("asset", key));
        }
        // the bucket is SHA-256 of "name\nkey" (first 8 bytes, unsigned, mod 10000); values computed off chain
        assertThat(Resolver.bucket("asset", "customer-42")).isEqualTo(8374);
        assertThat(Resolver.bucket("asset", "k")).isEqualTo(8389);
        assertThat(Resolver.bucket("asset", "k")).isNotEqualTo(Resolver.bucket("other", "k"));
    }

    @ParameterizedTest(name = "S2.8 gray weight {0} bps: observed share of 100,000 keys within ±50 bps")
    @ValueSource(ints = {1, 100, 1000, 2500, 5000, 7500, 9900})
    void weightAccuracy(int weightBps) {
        RoutePolicy p = grayAt(weightBps, null);
        int gray = 0;
        for (int i = 0; i < KEYS; i++) {
            Resolver.Resolution r = Resolver.resolve(p, "", "customer-" + i, USER);
            if (r.trafficClass().equals("GRAY")) {
                gray++;
                assertThat(r.target()).isEqualTo(V2);
            } else {
                assertThat(r.target()).isEqualTo(V1);
            }
        }
        long observedBps = Math.round(gray * 10_000.0 / KEYS);
        assertThat(observedBps).isBetween((long) weightBps - 50, (long) weightBps + 50);
    }

    @Test
    @DisplayName("S2.8 raising the gray weight only adds keys; 0 and 10000 bps send none and all")
    void weightIsMonotone() {
        RoutePolicy low = grayAt(1000, null);
        RoutePolicy high = grayAt(2500, null);
        RoutePolicy all = grayAt(10_000, null);
        for (int i = 0; i < 20_000; i++) {
            String key = "k" + i;
            if (Resolver.resolve(low, "", key, USER).trafficClass().equals("GRAY")) {
                assertThat(Resolver.resolve(high, "", key, USER).trafficClass()).isEqualTo("GRAY");
            }
            assertThat(Resolver.resolve(all, "", key, USER).version()).isEqualTo("NEW");
        }
    }

    @Test
    @DisplayName("S2.8 a gray cohort matches callers by MSP ID or by identity, whatever the key")
    void cohort() {
        Principals cohort = new Principals(List.of("Org2MSP"), List.of("Org1MSP/x509::CN=beta"));
        RoutePolicy p = grayAt(0, cohort);
        for (int i = 0; i < 500; i++) {
            String key = "k" + i;
            assertThat(Resolver.resolve(p, "", key, new Caller("Org2MSP", "x509::CN=any", "client")).matchedBy())
                    .isEqualTo("cohort");
            assertThat(Resolver.resolve(p, "", key, new Caller("Org1MSP", "x509::CN=beta", "client")).version())
                    .isEqualTo("NEW");
            Resolver.Resolution other = Resolver.resolve(p, "", key, USER);
            assertThat(other.trafficClass()).isEqualTo("PRODUCTION");
            assertThat(other.version()).isEqualTo("OLD");
        }
    }

    @Test
    @DisplayName("S2.8 test traffic reaches the new version from pre-release on; bad classes and keys are refused")
    void testTrafficAndBadInput() {
        RoutePolicy pre = RoutePolicy.start("asset", RouteKind.CHAINCODE, V1, V2, null, STAMP);
        assertThat(Resolver.resolve(pre, "TEST", "k", USER).target()).isEqualTo(V2);
        assertThat(Resolver.resolve(pre, "", "k", USER).target()).isEqualTo(V1);
        Resolver.Resolution byIdentity = Resolver.resolve(pre, "", "", USER);
        assertThat(byIdentity.routingKey()).isEqualTo(USER.qualifiedId());
        assertThat(byIdentity.phase()).isEqualTo("PRE_RELEASE");
        assertThatThrownBy(() -> Resolver.resolve(pre, "CANARY", "k", USER))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> Resolver.resolve(pre, "", "k".repeat(2000), USER))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }

    @Test
    @DisplayName("S2.8 a call labelled GRAY or PRODUCTION gets that class, and the class reaches what the phase gives it")
    void labelledClasses() {
        RoutePolicy pre = RoutePolicy.start("asset", RouteKind.CHAINCODE, V1, V2, null, STAMP);
        RoutePolicy gray = grayAt(10_000, null);
        RoutePolicy switched = pre.switched(null, STAMP);
        Resolver.Resolution early = Resolver.resolve(pre, "GRAY", "k", USER);
        assertThat(early.trafficClass()).isEqualTo("GRAY");
        assertThat(early.matchedBy()).isEqualTo("class");
        assertThat(early.target()).isEqualTo(V1);
        assertThat(Resolver.resolve(gray, "GRAY", "k", USER).target()).isEqualTo(V2);
        // every key is in a 100 % gray slice, yet traffic labelled PRODUCTION stays on the old version
        Resolver.Resolution production = Resolver.resolve(gray, "PRODUCTION", "k", USER);
        assertThat(production.trafficClass()).isEqualTo("PRODUCTION");
        assertThat(production.target()).isEqualTo(V1);
        assertThat(Resolver.resolve(gray, "", "k", USER).target()).isEqualTo(V2);
        assertThat(Resolver.resolve(switched, "PRODUCTION", "k", USER).target()).isEqualTo(V2);
    }
}
