package dev.weft.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.json.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NodeRouterTest {
    private static final String ME = "Org1MSP/x509::CN=User1@org1.example.com::CN=ca.org1.example.com";
    private static final JsonNode GRAY = Json.CONTRACT.read("""
            {"route":"peer-logic","phase":"GRAY","revision":3,
             "test":{"label":"logic-2","orgs":["Org2MSP","Org3MSP"]},
             "gray":{"label":"logic-2","orgs":["Org2MSP","Org3MSP"]},
             "production":{"label":"logic-1","orgs":["Org1MSP","Org2MSP"]},
             "grayRule":{"weightBps":2500,"cohort":{"orgs":["Org3MSP"],"identities":[]}}}""", "policy");

    @Test
    @DisplayName("S2.9 the routing-key bucket off chain is the chaincode's: SHA-256 of route\\nkey, 8 bytes, mod 10000")
    void bucketsMatchTheChaincode() {
        // the same values the chaincode's RouteResolverTest pins
        assertThat(Buckets.of("asset", "customer-42")).isEqualTo(8374);
        assertThat(Buckets.of("asset", "k")).isEqualTo(8389);
    }

    @Test
    @DisplayName("S2.9 each class is endorsed by the organisations running the logic the phase gives it")
    void classesPickTheirOrganisations() {
        NodeRouter router = new NodeRouter("Org1MSP", ME);
        NodeRouter.Routed test = router.resolve(GRAY, TrafficClass.TEST, "k");
        assertThat(test.orgs()).containsExactly("Org2MSP", "Org3MSP");
        assertThat(test.matchedBy()).isEqualTo("test");
        NodeRouter.Routed prod = router.resolve(GRAY, TrafficClass.PRODUCTION, "k");
        assertThat(prod.label()).isEqualTo("logic-1");
        assertThat(prod.target("asset_v1").endorsingOrgs()).containsExactly("Org1MSP", "Org2MSP");
        assertThat(prod.target("asset_v1").chaincode()).isEqualTo("asset_v1");
        assertThat(router.resolve(GRAY, TrafficClass.GRAY, "k").label()).isEqualTo("logic-2");
    }

    @Test
    @DisplayName("S2.9 regular traffic is gray by cohort or by a bucket under the weight, as the chaincode resolves it")
    void autoTrafficFollowsTheGrayRule() {
        NodeRouter outsider = new NodeRouter("Org1MSP", ME);
        int gray = 0;
        for (int i = 0; i < 4000; i++) {
            String key = "customer-" + i;
            NodeRouter.Routed r = outsider.resolve(GRAY, TrafficClass.AUTO, key);
            boolean expectGray = Buckets.of("peer-logic", key) < 2500;
            assertThat(r.trafficClass()).isEqualTo(expectGray ? "GRAY" : "PRODUCTION");
            assertThat(r.matchedBy()).isEqualTo(expectGray ? "weight" : "default");
            gray += expectGray ? 1 : 0;
        }
        assertThat(gray).isBetween(900, 1100);
        NodeRouter cohort = new NodeRouter("Org3MSP", "Org3MSP/x509::CN=x::CN=ca");
        assertThat(cohort.resolve(GRAY, TrafficClass.AUTO, "customer-1").matchedBy()).isEqualTo("cohort");
        // no key: the caller's identity is the key
        assertThat(outsider.resolve(GRAY, TrafficClass.AUTO, "").bucket()).isEqualTo(Buckets.of("peer-logic", ME));
    }
}
