package dev.weft.gateway.cli;

import dev.weft.gateway.governance.DecisionWaiter;
import dev.weft.gateway.governance.ProposalViews;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code weft proposal …}: governance by proposal and vote (S2.1–S2.6). Besides
 * the common exit codes, commands that wait for a decision exit
 * {@link #NOT_PASSED} when the proposal was rejected, expired or cancelled, and
 * {@link #UNDECIDED} when it was still open when the wait ended.
 */
@Command(name = "proposal", mixinStandardHelpOptions = true,
        description = "Propose management operations, vote, tally, and follow what concerns your organisation.",
        subcommands = {ProposalCreateCommand.class, ProposalVoteCommand.class, ProposalTallyCommand.class,
            ProposalShowCommand.class, ProposalListCommand.class, ProposalWatchCommand.class,
            ProposalCancelCommand.class, ProposalBootstrapCommand.class, ProposalSettingsCommand.class})
final class ProposalCommand {
    /** The proposal (or rollout step) did not pass: REJECTED, EXPIRED or CANCELLED. Same number as a FAILED task. */
    static final int NOT_PASSED = ExitCodes.TASK_FAILED;
    /** The proposal was still open when the wait ended. Same number as a task wait that timed out. */
    static final int UNDECIDED = ExitCodes.TASK_TIMED_OUT;

    private ProposalCommand() {
    }

    /** Exit code of a wait for a decision. */
    static int exitCode(DecisionWaiter.Outcome outcome) {
        if (outcome.timedOut()) {
            return UNDECIDED;
        }
        return outcome.passed() ? 0 : NOT_PASSED;
    }

    /** A progress printer for text output; silent for JSON. */
    static java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> progress(PrintWriter out,
            OutputOptions output) {
        return tally -> {
            if (!output.json()) {
                out.println("  votes: " + ProposalViews.progress(tally));
                out.flush();
            }
        };
    }
}
