package dev.weft.gateway.cli;

import picocli.CommandLine.Command;

/** {@code weft cluster …}: organisations' gateway clusters and their masters (S4). */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Create and enrol gateway clusters; show members and every cluster's master.",
        subcommands = {ClusterCreateCommand.class, ClusterEnrolCommand.class, ClusterStatusCommand.class,
            ClusterMembersCommand.class, ClusterMastersCommand.class, ClusterSwitchCommand.class,
            ClusterRestoreCommand.class, ClusterWatchCommand.class, ClusterDissolveCommand.class,
            ClusterPairCommand.class})
final class ClusterCommand {
    private ClusterCommand() {
    }
}
