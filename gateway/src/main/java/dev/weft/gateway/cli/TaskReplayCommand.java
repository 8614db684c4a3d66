package dev.weft.gateway.cli;

import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.scheduler.DeadLetterReplay;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.TaskKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft task replay ID}: puts a dead letter's subtasks (those of the
 * gateway's organisation) back into the gateway's task list and removes the
 * letter. The gateway runs them at its next start, after checking each against
 * the chain; a running gateway picks them up when it is restarted. JSON:
 * {@code {"id","txId","taken":[{"taskId","subtaskId","attempt"}],"alreadyListed":[…],"runsAt":"next gateway start"}}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Put a dead letter's subtasks back into the gateway's task list.",
            "The gateway runs them at its next start: restart a running gateway to pick them up."})
final class TaskReplayCommand implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The dead letter's ID (see 'weft task dead-letters').")
    long id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Organisation organisation;

    static final class Organisation {
        @Option(names = "--msp", paramLabel = "MSP", description = "The gateway's organisation (MSP ID).")
        String msp;

        @Option(names = "--profile", paramLabel = "ORG", description = "The gateway's organisation, by profile.")
        String profile;

        String mspId() {
            return msp != null ? msp : Profile.load(profile).mspId();
        }
    }

    @Override
    public Integer call() {
        DeadLetterReplay.Outcome outcome;
        try (GatewayStore opened = store.open()) {
            outcome = DeadLetterReplay.replay(opened, id, organisation.mspId());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("txId", outcome.letter().txId());
        json.put("taken", keys(outcome.taken()));
        json.put("alreadyListed", keys(outcome.alreadyListed()));
        json.put("runsAt", "next gateway start");
        String text = String.format("dead letter %d (tx %s): %d subtask(s) put into the task list%s;"
                + " the gateway runs them at its next start (restart a running gateway)", id,
                outcome.letter().txId(), outcome.taken().size(),
                outcome.alreadyListed().isEmpty() ? "" : ", " + outcome.alreadyListed().size() + " already there");
        output.print(spec.commandLine().getOut(), json, text);
        return 0;
    }

    private static List<Map<String, Object>> keys(List<TaskKey> keys) {
        return keys.stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("taskId", k.taskId());
            m.put("subtaskId", k.subtaskId());
            m.put("attempt", k.attempt());
            return m;
        }).toList();
    }
}
