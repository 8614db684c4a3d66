package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.task.TaskLedger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft task retry ID SUBTASK}: reopens a failed subtask at its next attempt. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Reopen a FAILED subtask at its next attempt.",
            "Allowed to the task's owner and to admins of the subtask's participants."})
final class TaskRetryCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The task ID.")
    String taskId;

    @Parameters(index = "1", paramLabel = "SUBTASK", description = "The failed subtask's name.")
    String subtaskId;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            TaskLedger.Submitted tx = new TaskLedger(chain).retry(taskId, subtaskId);
            JsonNode subtask = tx.value();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("transactionId", tx.transactionId());
            result.put("blockNumber", tx.blockNumber());
            result.put("subtask", subtask);
            output.print(spec.commandLine().getOut(), result, String.format(
                    "subtask %s of task %s is %s at attempt %d (block %d)", subtaskId, taskId,
                    subtask.path("status").asText(), subtask.path("attempt").asInt(), tx.blockNumber()));
        }
        return 0;
    }
}
