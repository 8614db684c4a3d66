package dev.weft.gateway.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * The member organisations of the channel as its configuration names them: for each
 * application organisation's Fabric MSP, its MSP ID and the PEM certificates of its TLS
 * root and intermediate CAs. Read with the peer's configuration system chaincode
 * ({@code cscc GetChannelConfig}, which the channel's Readers may call), so an
 * organisation added to or removed from the channel is seen on the next read, without
 * any file configured by hand per organisation.
 *
 * <pre>{@code
 * SortedMap<String, List<ByteString>> roots = ChannelMembers.tlsRoots(chain);
 * }</pre>
 */
public final class ChannelMembers {
    /** Fabric's MSP type of an X.509 (not Idemix) organisation. */
    private static final int FABRIC_MSP = 0;

    private ChannelMembers() {
    }

    /** MSP ID to the PEM certificates of its TLS CAs (roots first), for every application organisation. */
    public static SortedMap<String, List<ByteString>> tlsRoots(ChainClient chain) {
        byte[] bytes = chain.evaluate(new ChainClient.Target("cscc", List.of()), "GetChannelConfig",
                chain.config().channel());
        try {
            return tlsRoots(Config.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the peer's answer to cscc GetChannelConfig is not a channel "
                    + "configuration", e);
        }
    }

    /** As above, from a channel configuration already read. */
    public static SortedMap<String, List<ByteString>> tlsRoots(Config config) throws InvalidProtocolBufferException {
        ConfigGroup application = config.getChannelGroup().getGroupsMap().get("Application");
        if (application == null) {
            throw new IllegalStateException("the channel configuration has no Application group");
        }
        SortedMap<String, List<ByteString>> out = new TreeMap<>();
        for (ConfigGroup org : application.getGroupsMap().values()) {
            ConfigValue value = org.getValuesMap().get("MSP");
            if (value == null) {
                continue;
            }
            MSPConfig msp = MSPConfig.parseFrom(value.getValue());
            if (msp.getType() != FABRIC_MSP) {
                continue;
            }
            FabricMSPConfig fabric = FabricMSPConfig.parseFrom(msp.getConfig());
            List<ByteString> cas = new ArrayList<>(fabric.getTlsRootCertsList());
            cas.addAll(fabric.getTlsIntermediateCertsList());
            if (!cas.isEmpty()) {
                out.put(fabric.getName(), Collections.unmodifiableList(cas));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("the channel configuration lists no organisation with a TLS CA");
        }
        return Collections.unmodifiableSortedMap(out);
    }
}
