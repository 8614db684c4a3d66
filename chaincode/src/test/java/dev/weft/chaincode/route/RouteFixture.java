package dev.weft.chaincode.route;

import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.testing.TestIdentity;

/**
 * Governance plus the route contract, with the routing operations of a
 * rollout of {@code asset} from {@code asset_v1} to {@code asset_v2}.
 */
final class RouteFixture {
    static final String PRE_RELEASE = "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{"
            + "\"oldVersion\":{\"label\":\"1\",\"chaincode\":\"asset_v1\"},"
            + "\"newVersion\":{\"label\":\"2\",\"chaincode\":\"asset_v2\"}}}";
    static final String SWITCH = "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}";
    static final String ROLLBACK = "{\"type\":\"ROLLBACK\",\"target\":\"asset\",\"params\":{\"reason\":\"errors\"}}";
    static final String FINALIZE = "{\"type\":\"FINALIZE\",\"target\":\"asset\",\"params\":{}}";

    final GovFixture gov = GovFixture.bootstrapped();
    final RouteContract route = new RouteContract();

    static String gray(int weightBps, String cohortJson) {
        return "{\"type\":\"GRAY\",\"target\":\"asset\",\"params\":{\"weightBps\":" + weightBps
                + (cohortJson == null ? "" : ",\"cohort\":" + cohortJson) + "}}";
    }

    RoutePolicy policy(String name) {
        return GovFixture.read(gov.ledger.evaluate(gov.admin1, ctx -> route.getPolicy(ctx, name)), RoutePolicy.class);
    }

    Resolver.Resolution resolve(TestIdentity who, String name, String trafficClass, String key) {
        return GovFixture.read(gov.ledger.evaluate(who, ctx -> route.resolve(ctx, name, trafficClass, key)),
                Resolver.Resolution.class);
    }

    RouteChange[] history(String name) {
        return GovFixture.read(gov.ledger.evaluate(gov.admin1, ctx -> route.history(ctx, name)), RouteChange[].class);
    }
}
