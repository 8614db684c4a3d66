package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskSnapshot;
import dev.weft.gateway.task.TaskTables;
import dev.weft.gateway.task.TaskWatcher;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft task status ID}: each subtask's operation, participants, status,
 * attempt, results, digest and last failure; with {@code --watch}, redrawn on
 * every event of the task until it ends (exit codes as {@code create --wait}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a task and each of its subtasks.",
            "With --watch, redraw on every change until it ends: exit 0 COMPLETED, 6 FAILED, 7 timed out."})
final class TaskStatusCommand implements Callable<Integer> {
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The task ID (its creating transaction's ID).")
    String taskId;

    @Option(names = "--watch", description = "Redraw on every change of the task until it is COMPLETED or FAILED.")
    boolean watch;

    @Option(names = "--timeout", converter = DurationConverter.class,
            description = "Stop watching after this long (default: no limit).")
    Duration timeout;

    @Option(names = "--poll-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Re-read the task at least this often while watching (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            TaskLedger tasks = new TaskLedger(chain);
            if (!watch) {
                TaskSnapshot task = tasks.task(taskId);
                output.print(out, task.json(), TaskTables.status(task));
                return 0;
            }
            // A terminal gets the table redrawn in place; a pipe gets one table after another.
            boolean redraw = !output.json() && System.console() != null;
            try (TaskWatcher watcher = TaskWatcher.fromNow(tasks, taskId, pollInterval)) {
                TaskWatcher.Outcome outcome = watcher.await(timeout, snapshot -> output.print(out, snapshot.json(),
                        (redraw ? CLEAR_SCREEN : "") + "-- " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                                + "\n" + TaskTables.status(snapshot)));
                if (outcome.timedOut() && !output.json()) {
                    out.println("stopped watching after " + timeout + "; the task is still "
                            + outcome.task().status());
                    out.flush();
                }
                return TaskCommand.exitCode(outcome);
            }
        }
    }
}
