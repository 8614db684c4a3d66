package dev.weft.gateway.cli;

import dev.weft.gateway.cluster.Member;
import java.time.Duration;
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

    boolean enabled() {
        return cluster != null;
    }

    Member.Config toConfig(String mspId) {
        if (member == null || member.isBlank()) {
            throw new IllegalArgumentException("--cluster needs --member ID");
        }
        return new Member.Config(mspId, cluster, member, priority, keepalive);
    }
}
