package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.routing.RolloutOperations;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft rollout advance asset --gray 10%} (S2.8b), {@code --switch} (S2.8c),
 * {@code --finalize}; without a phase, continues your pending step (tallies and
 * executes it once the votes are in).
 */
@Command(name = "advance", mixinStandardHelpOptions = true,
        description = "Propose the next phase (--gray, --switch, --finalize), or continue your pending step.")
final class RolloutAdvanceCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Mixin RolloutStepOptions step;
    @Mixin EmergencyOptions emergency;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The logical name (route).")
    String route;

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
    public Integer call() throws InterruptedException {
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
        return RolloutCommand.run(connection, output, step, spec.commandLine().getOut(), route, op);
    }
}
