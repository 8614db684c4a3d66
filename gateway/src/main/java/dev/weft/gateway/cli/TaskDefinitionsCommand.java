package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskTables;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft task definitions [ID]}: every registered definition, or one in full. */
@Command(name = "definitions", mixinStandardHelpOptions = true,
        description = "List the registered task definitions, or show one with its subtasks.")
final class TaskDefinitionsCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Show only this definition.")
    String id;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            TaskLedger tasks = new TaskLedger(chain);
            JsonNode value = id == null ? tasks.definitions() : tasks.definition(id);
            String text = id != null ? TaskTables.definition(value)
                    : value.isEmpty() ? "no definitions" : TaskTables.definitions(value);
            output.print(spec.commandLine().getOut(), value, text.stripTrailing());
        }
        return 0;
    }
}
