package dev.weft.gateway.it;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.gateway.chain.ChainClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigUpdate;
import org.hyperledger.fabric.protos.common.ConfigUpdateEnvelope;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * A channel configuration update that changes one application organisation's MSP definition, built
 * from the configuration its peer serves ({@code cscc GetChannelConfig}) and submitted with
 * {@code peer channel update} as that organisation's admin, who signs it: the MSP value's
 * modification policy is the organisation's own {@code Admins}. The Fabric build of the test network
 * has no {@code configtxlator}, so the update is computed here: the read set names the channel, its
 * Application group and the organisation's group at their current versions, and the write set the
 * same groups at the same versions with the MSP value one version up (Fabric applies exactly the
 * elements whose version changed).
 */
final class MspConfigUpdate {
    private MspConfigUpdate() {
    }

    /** Replaces {@code mspId}'s FabricMSPConfig with {@code change} of it, as {@code org}'s admin. */
    static void apply(String org, String mspId, UnaryOperator<FabricMSPConfig> change, Path dir) throws Exception {
        Config config;
        try (ChainClient chain = RealNetwork.client(org, "User1")) {
            config = Config.parseFrom(chain.evaluate(new ChainClient.Target("cscc", List.of()), "GetChannelConfig",
                    chain.config().channel()));
        }
        Map<String, String> env = RealNetwork.peerEnv(org);
        String channel = env.get("WEFT_CHANNEL");
        Path file = Files.createTempFile(dir, "msp-update-", ".pb");
        Files.write(file, envelope(channel, config, mspId, change).toByteArray());
        RealNetwork.run(List.of("peer", "channel", "update", "-f", file.toString(), "-c", channel,
                "-o", env.get("ORDERER_ADDRESS"), "--tls", "--cafile", env.get("ORDERER_CA")), env).orThrow();
    }

    static Envelope envelope(String channel, Config config, String mspId, UnaryOperator<FabricMSPConfig> change)
            throws InvalidProtocolBufferException {
        ConfigGroup root = config.getChannelGroup();
        ConfigGroup application = root.getGroupsOrThrow("Application");
        String groupName = null;
        ConfigValue value = null;
        for (Map.Entry<String, ConfigGroup> g : application.getGroupsMap().entrySet()) {
            ConfigValue v = g.getValue().getValuesMap().get("MSP");
            if (v != null && FabricMSPConfig.parseFrom(MSPConfig.parseFrom(v.getValue()).getConfig()).getName()
                    .equals(mspId)) {
                groupName = g.getKey();
                value = v;
            }
        }
        if (value == null) {
            throw new IllegalArgumentException(mspId + " is not an application organisation of " + channel);
        }
        MSPConfig msp = MSPConfig.parseFrom(value.getValue());
        FabricMSPConfig changed = change.apply(FabricMSPConfig.parseFrom(msp.getConfig()));
        ConfigValue newValue = value.toBuilder().setVersion(value.getVersion() + 1)
                .setValue(msp.toBuilder().setConfig(changed.toByteString()).build().toByteString()).build();
        ConfigGroup org = application.getGroupsOrThrow(groupName);
        ConfigGroup readSet = path(root, application, groupName,
                ConfigGroup.newBuilder().setVersion(org.getVersion()).build());
        ConfigGroup writeSet = path(root, application, groupName,
                ConfigGroup.newBuilder().setVersion(org.getVersion()).putValues("MSP", newValue).build());
        ConfigUpdate update = ConfigUpdate.newBuilder().setChannelId(channel).setReadSet(readSet)
                .setWriteSet(writeSet).build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(ChannelHeader.newBuilder()
                        .setType(HeaderType.CONFIG_UPDATE_VALUE).setChannelId(channel).build().toByteString()))
                .setData(ConfigUpdateEnvelope.newBuilder().setConfigUpdate(update.toByteString()).build()
                        .toByteString())
                .build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }

    /** The channel group holding the Application group holding {@code org} under {@code name}, versions as now. */
    private static ConfigGroup path(ConfigGroup root, ConfigGroup application, String name, ConfigGroup org) {
        return ConfigGroup.newBuilder().setVersion(root.getVersion())
                .putGroups("Application", ConfigGroup.newBuilder().setVersion(application.getVersion())
                        .putGroups(name, org).build())
                .build();
    }
}
