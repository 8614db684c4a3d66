package dev.weft.gateway.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.cluster.PairMember;
import dev.weft.gateway.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    private static final ConnectionConfig ORG1 = new ConnectionConfig("Org1MSP", Path.of("cert.pem"),
            Path.of("key.pem"), "localhost:7051", Path.of("tls-ca.pem"), null, "weft", "weft");

    @Test
    void defaultsAreThoseOfGatewayRun() {
        GatewayConfig config = GatewayConfig.builder(ORG1).sqlite(Path.of("data")).build();
        assertEquals(SchedulerConfig.defaults("Org1MSP"), config.scheduler());
        assertNull(config.startBlock(), "no start block: the chain's height when the node starts");
        assertEquals(Duration.ofMinutes(5), config.engineDeadline());
        assertTrue(config.engines().isEmpty());
        assertNull(config.member());
        assertEquals(GatewayConfig.Ports.NONE, config.ports());
    }

    @Test
    void aStoreIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.builder(ORG1).build());
        assertTrue(e.getMessage().contains("store"), e.getMessage());
    }

    @Test
    void aPairMemberMustBeAClusterMember() {
        PairMember.Config pair = new PairMember.Config("Org1MSP", "c1", "m1", null);
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.builder(ORG1).sqlite(Path.of("data")).pair(pair).build());
    }

    @Test
    void portsNeedTheOrganisationsIdentity() {
        assertThrows(IllegalArgumentException.class, () -> new GatewayConfig.Ports("127.0.0.1", 9443, null, null));
        assertThrows(IllegalArgumentException.class, () -> new GatewayConfig.Ports("127.0.0.1", null, 9444, null));
    }

    @Test
    void theStartBlockAndSchedulerSettingsAreKept() {
        GatewayConfig config = GatewayConfig.builder(ORG1).store("jdbc:postgresql://db/weft").startBlock(42L)
                .scheduler(SchedulerConfig.builder("Org1MSP").workers(3).maxBatch(8)).build();
        assertEquals(42L, config.startBlock());
        assertEquals(3, config.scheduler().workers());
        assertEquals(8, config.scheduler().maxBatch());
        assertEquals("jdbc:postgresql://db/weft", config.storeUrl());
    }
}
