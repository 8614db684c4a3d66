package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.gateway.routing.Rollout;
import dev.weft.gateway.routing.RouteViews;
import dev.weft.gateway.routing.Routes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code weft rollout …}: a gray upgrade walked through governed phases (S2.7–S2.9).
 * Every step command proposes its phase, follows the votes, tallies as soon as
 * the outcome is certain and executes the grant; run again, it continues its
 * pending step instead of proposing anew. Exit 0 when the step was executed,
 * 6 when it did not pass, 7 when it was still open when the wait ended
 * ({@code --no-wait}: 0 once proposed).
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Gray upgrades: pre-release, gray, switch, rollback, finalize — each a voted step.",
        subcommands = {RolloutStartCommand.class, RolloutAdvanceCommand.class, RolloutRollbackCommand.class,
            RolloutStatusCommand.class})
final class RolloutCommand {
    private RolloutCommand() {
    }

    /** Runs one step (or continues the pending one when {@code operation} is null) and prints it. */
    static int run(ChainClient chain, OutputOptions output, RolloutStepOptions step, PrintWriter out,
            String route, ObjectNode operation) throws InterruptedException {
        {
            Rollout rollout = new Rollout(new Governance(chain), new Routes(chain), QualifiedId.of(chain.config()));
            java.util.function.Consumer<String> progress = line -> {
                if (!output.json()) {
                    out.println(line);
                    out.flush();
                }
            };
            Rollout.Step s = operation == null ? rollout.resume(route, step.options(), progress)
                    : rollout.step(operation, step.options(), progress);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("state", s.state());
            result.put("resumed", s.resumed());
            result.put("proposal", s.proposal());
            result.put("policy", s.policy());
            String text = switch (s.state()) {
                case EXECUTED -> RouteViews.traffic(s.policy()).stripTrailing();
                case OPEN -> "proposal " + s.proposalId() + " is open: voters vote with "
                        + "weft proposal vote " + s.proposalId() + " yes|no|abstain; then run this again "
                        + "(or weft rollout advance " + route + ")";
                default -> "the step did not pass; route unchanged";
            };
            output.print(out, result, text);
            return switch (s.state()) {
                case EXECUTED -> 0;
                case OPEN -> step.waits() ? ProposalCommand.UNDECIDED : 0;
                default -> ProposalCommand.NOT_PASSED;
            };
        }
    }
}
