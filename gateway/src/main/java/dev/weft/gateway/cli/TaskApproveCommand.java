package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskTables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft task approve ID}: an admin of a participant organisation approves a
 * definition's current content (issue 9 item 1). Without {@code --digest} it
 * approves the digest it reads now and prints it; with it, only that content
 * (refused with CONFLICT if the definition has changed since the admin read it).
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a task definition for your organisation (an admin of a participant: --user Admin).",
            "Tasks of it can be created once every participant organisation has approved its current digest.",
            "Read it first with `weft task definitions ID`."})
final class TaskApproveCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The definition to approve.")
    String id;

    @Option(names = "--digest", paramLabel = "SHA256",
            description = "Approve only this content digest (as `weft task definitions ID` shows it).")
    String digest;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            TaskLedger tasks = new TaskLedger(chain);
            String approved = digest != null ? digest : tasks.definition(id).path("digest").asText();
            TaskLedger.Submitted tx = tasks.approve(id, approved);
            JsonNode after = tasks.definition(id);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("transactionId", tx.transactionId());
            result.put("blockNumber", tx.blockNumber());
            result.put("approval", tx.value());
            result.put("definition", after);
            String headline = String.format("%s approved definition %s at digest %s in block %d, tx %s",
                    tx.value().path("mspId").asText(), id, approved, tx.blockNumber(), tx.transactionId());
            output.print(spec.commandLine().getOut(), result, headline + "\n\n" + TaskTables.approvals(after).stripTrailing());
        }
        return 0;
    }
}
