package dev.weft.chaincode.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.system.SystemContract;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.10 the exchange directory: each organisation publishes where its exchange service listens")
class ExchangeDirectoryTest {
    private final FakeLedger ledger = new FakeLedger();
    private final ExchangeContract contract = new ExchangeContract();
    private final TestIdentity admin1 = TestIdentity.admin("Org1MSP");
    private final TestIdentity admin2 = TestIdentity.admin("Org2MSP");
    private final TestIdentity user1 = TestIdentity.client("Org1MSP", "User1");

    ExchangeDirectoryTest() {
        for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
            ledger.submit(TestIdentity.admin(msp), ctx -> new SystemContract().initMembers(ctx,
                    "[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"]"));
        }
    }

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    private void rejects(ErrorCode code, TestIdentity who, java.util.function.Function<org.hyperledger.fabric.contract.Context, String> call) {
        Map<String, String> before = ledger.snapshot();
        assertThatThrownBy(() -> ledger.submit(who, call)).isInstanceOfSatisfying(WeftException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
        assertThat(ledger.snapshot()).isEqualTo(before);
    }

    @Test
    @DisplayName("S1.10 an admin publishes its own organisation's address, listed in MSP order, with one event each")
    void publishAndList() throws Exception {
        ledger.submit(admin2, ctx -> contract.setEndpoint(ctx, "127.0.0.1:27300"));
        ledger.submit(admin1, ctx -> contract.setEndpoint(ctx, "gw.org1.example:7443"));
        assertThat(ledger.lastEvent().name()).isEqualTo("weft.exchange");
        assertThat(json(ledger.lastEvent().payload()).get("address").asText()).isEqualTo("gw.org1.example:7443");
        JsonNode items = json(ledger.evaluate(user1, contract::getEndpoints)).get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("mspId").asText()).isEqualTo("Org1MSP");
        assertThat(items.get(1).get("address").asText()).isEqualTo("127.0.0.1:27300");
        assertThat(items.get(1).get("setBy").asText()).startsWith("Org2MSP/");
    }

    @Test
    @DisplayName("S1.10 an organisation's address is written under a key-level policy that needs its own peer and a majority")
    void ownPeerNeeded() {
        ledger.submit(admin1, ctx -> contract.setEndpoint(ctx, "127.0.0.1:27300"));
        String key = ledger.snapshot().keySet().stream().filter(k -> k.contains("weft.exchange.endpoint"))
                .findFirst().orElseThrow();
        assertThat(ledger.endorsable(key, Set.of("Org2MSP", "Org3MSP"))).isFalse();
        assertThat(ledger.endorsable(key, Set.of("Org1MSP", "Org2MSP"))).isTrue();
    }

    @Test
    @DisplayName("S1.10 only a member organisation's admin publishes; malformed addresses are refused and change nothing")
    void refusals() {
        rejects(ErrorCode.FORBIDDEN, user1, ctx -> contract.setEndpoint(ctx, "127.0.0.1:27300"));
        rejects(ErrorCode.FORBIDDEN, TestIdentity.admin("EvilMSP"), ctx -> contract.setEndpoint(ctx, "evil:1"));
        for (String bad : new String[] {"", "no-port", "host:0", "host:70000", "a b:1", "host:12:13"}) {
            rejects(ErrorCode.BAD_REQUEST, admin1, ctx -> contract.setEndpoint(ctx, bad));
        }
        rejects(ErrorCode.NOT_FOUND, admin1, contract::removeEndpoint);
    }

    @Test
    @DisplayName("S1.10 an admin withdraws its own address; the others stay")
    void remove() throws Exception {
        ledger.submit(admin1, ctx -> contract.setEndpoint(ctx, "127.0.0.1:1"));
        ledger.submit(admin2, ctx -> contract.setEndpoint(ctx, "127.0.0.1:2"));
        ledger.submit(admin1, contract::removeEndpoint);
        JsonNode items = json(ledger.evaluate(user1, contract::getEndpoints)).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("mspId").asText()).isEqualTo("Org2MSP");
    }
}
