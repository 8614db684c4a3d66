package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskParams;
import dev.weft.gateway.task.TaskTables;
import dev.weft.gateway.task.TaskWatcher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft task create DEF_ID}: creates a task instance; with {@code --wait}
 * follows it from its creation block until it ends, and exits 0 when it
 * completed, {@link ExitCodes#TASK_FAILED} when it failed and
 * {@link ExitCodes#TASK_TIMED_OUT} when the wait ran out.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a task from a registered definition.",
            "With --wait, follow it until it ends: exit 0 COMPLETED, 6 FAILED, 7 timed out."})
final class TaskCreateCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEF_ID", description = "The definition to instantiate.")
    String definitionId;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE",
            description = "A task parameter; overrides the definition's parameter of that name in every subtask.")
    List<String> params;

    @Option(names = "--wait", description = "Follow the task until it is COMPLETED or FAILED.")
    boolean waitForEnd;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Re-read the task at least this often while waiting (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Override
    public Integer call() throws InterruptedException {
        TaskParams parsed = TaskParams.parse(params);
        PrintWriter out = spec.commandLine().getOut();
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            TaskLedger tasks = new TaskLedger(chain);
            TaskLedger.Submitted created = tasks.create(definitionId, parsed);
            String taskId = created.value().path("taskId").asText();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("taskId", taskId);
            result.put("transactionId", created.transactionId());
            result.put("blockNumber", created.blockNumber());
            String headline = String.format("created task %s (definition %s) in block %d",
                    taskId, definitionId, created.blockNumber());
            if (!waitForEnd) {
                result.put("task", created.value());
                output.print(out, result, headline);
                return 0;
            }
            if (!output.json()) {
                out.println(headline);
                out.flush();
            }
            TaskWatcher.Outcome outcome;
            try (TaskWatcher watcher = TaskWatcher.start(tasks, taskId, created.blockNumber(), pollInterval)) {
                outcome = watcher.await(timeout, snapshot -> {
                    if (!output.json()) {
                        out.println("  " + TaskCommand.progressLine(snapshot));
                        out.flush();
                    }
                });
            }
            result.put("outcome", TaskCommand.outcomeName(outcome));
            result.put("task", outcome.task().json());
            String ending = outcome.timedOut()
                    ? "gave up waiting after " + timeout + "; the task is still " + outcome.task().status()
                    : "task " + outcome.task().status();
            output.print(out, result, "\n" + TaskTables.status(outcome.task()) + "\n" + ending);
            return TaskCommand.exitCode(outcome);
        }
    }
}
