package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.routing.RolloutOperations;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft rollout advance asset --gray 10%} (S2.8b), {@code --switch} (S2.8c),
 * {@code --finalize}; without a phase, continues your pending step (tallies and
 * executes it once the votes are in).
 */
@Command(name = "advance", mixinStandardHelpOptions = true,
        description = "Propose the next phase (--gray, --switch, --finalize), or continue your pending step.")
final class RolloutAdvanceCommand extends RolloutStepCommand {
    @Mixin EmergencyOptions emergency;

    @ArgGroup(exclusive = true)
    Phase phase;

    /** The phase to propose; none means continue the pending step. */
    static final class Phase {
        @Option(names = "--gray", paramLabel = "WEIGHT",
                description = "Gray release: this share of routing keys (10%, 0.5%, 1000bps) plus any cohort.")
        String gray;

        @Option(names = "--switch", description = "Version switch: production traffic to the new version.")
        boolean switchover;

        @Option(names = "--finalize", description = "The new version becomes the only one.")
        boolean finalizeRollout;
    }

    @Option(names = "--cohort-org", description = "With --gray: every caller of this organisation is gray (repeatable).")
    List<String> cohortOrgs;

    @Option(names = "--cohort-id", description = "With --gray: this identity is gray, PROFILE:USER or MSPID/x509::… "
            + "(repeatable).")
    List<String> cohortIds;

    @Option(names = "--reason", description = "With --finalize: why, for the route's history.")
    String reason;

    @Override
    ObjectNode operation() {
        ObjectNode op = null;
        if (phase != null) {
            if (phase.gray != null) {
                op = RolloutOperations.gray(route, RolloutOperations.weightBps(phase.gray),
                        EmergencyOptions.principals(cohortOrgs, cohortIds), emergency.principals());
            } else if (phase.switchover) {
                op = RolloutOperations.switchover(route, emergency.principals());
            } else {
                op = RolloutOperations.finalizeRollout(route, reason);
            }
        }
        return op;
    }
}
