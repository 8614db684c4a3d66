package dev.weft.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.SortedMap;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading the members' TLS CAs out of a channel configuration built as Fabric writes one. */
class ChannelMembersTest {
    private static final ByteString ROOT_A = ByteString.copyFromUtf8("root of A");
    private static final ByteString INTER_A = ByteString.copyFromUtf8("intermediate of A");
    private static final ByteString ROOT_B = ByteString.copyFromUtf8("root of B");

    @Test
    @DisplayName("S1.10 each application organisation's Fabric MSP gives its MSP ID (its name in the MSP, not "
            + "the group's) and its TLS roots then intermediates; Idemix and MSP-less groups and the orderer's are left out")
    void applicationMembersWithTheirTlsCas() throws Exception {
        ConfigGroup application = ConfigGroup.newBuilder()
                .putGroups("OrgA", org(0, FabricMSPConfig.newBuilder().setName("AlphaMSP").addTlsRootCerts(ROOT_A)
                        .addTlsIntermediateCerts(INTER_A).build().toByteString()))
                .putGroups("OrgB", org(0, FabricMSPConfig.newBuilder().setName("BetaMSP").addTlsRootCerts(ROOT_B)
                        .build().toByteString()))
                .putGroups("Anon", org(1, ByteString.copyFromUtf8("idemix")))
                .putGroups("Bare", ConfigGroup.getDefaultInstance())
                .build();
        ConfigGroup orderer = ConfigGroup.newBuilder().putGroups("OrdererOrg", org(0, FabricMSPConfig.newBuilder()
                .setName("OrdererMSP").addTlsRootCerts(ROOT_B).build().toByteString())).build();
        Config config = Config.newBuilder().setChannelGroup(ConfigGroup.newBuilder()
                .putGroups("Application", application).putGroups("Orderer", orderer)).build();

        SortedMap<String, List<ByteString>> roots = ChannelMembers.tlsRoots(config);
        assertThat(roots.keySet()).containsExactly("AlphaMSP", "BetaMSP");
        assertThat(roots.get("AlphaMSP")).containsExactly(ROOT_A, INTER_A);
        assertThat(roots.get("BetaMSP")).containsExactly(ROOT_B);
    }

    @Test
    @DisplayName("a configuration without an Application group, or without any organisation that has a TLS CA, "
            + "is refused instead of trusting nobody silently")
    void nothingToTrustIsRefused() {
        assertThatThrownBy(() -> ChannelMembers.tlsRoots(Config.getDefaultInstance()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no Application group");
        Config none = Config.newBuilder().setChannelGroup(ConfigGroup.newBuilder().putGroups("Application",
                ConfigGroup.newBuilder().putGroups("OrgA", org(0, FabricMSPConfig.newBuilder().setName("AlphaMSP")
                        .build().toByteString())).build())).build();
        assertThatThrownBy(() -> ChannelMembers.tlsRoots(none))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no organisation with a TLS CA");
    }

    private static ConfigGroup org(int type, ByteString config) {
        return ConfigGroup.newBuilder().putValues("MSP", ConfigValue.newBuilder().setValue(MSPConfig.newBuilder()
                .setType(type).setConfig(config).build().toByteString()).build()).build();
    }
}
