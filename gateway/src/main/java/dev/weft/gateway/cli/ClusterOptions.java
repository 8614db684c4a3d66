package dev.weft.gateway.cli;

import dev.weft.gateway.cluster.Member;
import dev.weft.gateway.transport.TlsMaterial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code weft gateway run --cluster NAME --member ID [--priority P] [--keepalive 2s]}:
 * run as one member of the organisation's gateway cluster (S4.1), turned into a
 * {@link Member.Config}.
 */
final class ClusterOptions {
    @Option(names = "--cluster", description = "Join the organisation's gateway cluster of this name "
            + "(enrolled with weft cluster enrol); only its master runs the scheduler.")
    String cluster;

    @Option(names = "--member", description = "This instance's member ID in the cluster (required with --cluster).")
    String member;

    @Option(names = "--priority", description = "The priority this member was enrolled with; checked at start.")
    Integer priority;

    @Option(names = "--keepalive", converter = DurationConverter.class,
            description = "On-chain keepalive cadence (default: a third of the cluster's master TTL).")
    Duration keepalive;

    @Option(names = "--peer-members", split = ",", paramLabel = "HOST:PORT",
            description = "The other members' cluster ports: keepalives between members over mutual TLS with the "
            + "organisation's TLS identity; this member listens on the port of its enrolled address. Only the "
            + "master then sends keepalive transactions (others every " + Member.PRESENCE_EVERY_TEXT
            + " intervals).")
    List<String> peerMembers = new ArrayList<>();

    @Option(names = "--pair", description = "The cluster is in pair mode (weft cluster pair): switch between "
            + "validator and sync from the beacons in committed blocks over the last N windows (S3).")
    boolean pair;

    @Option(names = "--beacon", converter = DurationConverter.class,
            description = "With --pair: the beacon cadence (default: half the pair's window).")
    Duration beacon;

    boolean enabled() {
        return cluster != null;
    }

    /** With {@code --pair}: this member's pair configuration (S3). */
    dev.weft.gateway.cluster.PairMember.Config toPairConfig(String mspId) {
        if (member == null || member.isBlank()) {
            throw new IllegalArgumentException("--cluster needs --member ID");
        }
        return new dev.weft.gateway.cluster.PairMember.Config(mspId, cluster, member, beacon);
    }

    Member.Config toConfig(String mspId, TlsMaterial tls) {
        if (member == null || member.isBlank()) {
            throw new IllegalArgumentException("--cluster needs --member ID");
        }
        return new Member.Config(mspId, cluster, member, priority, keepalive, peerMembers,
                peerMembers.isEmpty() ? null : tls);
    }
}
