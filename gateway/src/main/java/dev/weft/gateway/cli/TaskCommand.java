package dev.weft.gateway.cli;

import dev.weft.gateway.task.TaskSnapshot;
import dev.weft.gateway.task.TaskWatcher;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code weft task …}: task definitions and task instances on the channel (S1.1–S1.5). */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = "Define, create, follow and inspect off-chain tasks.",
        subcommands = {TaskDefineCommand.class, TaskApproveCommand.class, TaskDefinitionsCommand.class, TaskCreateCommand.class,
            TaskStatusCommand.class, TaskListCommand.class, TaskGraphCommand.class, TaskRetryCommand.class,
            TaskPendingCommand.class, TaskDeadLettersCommand.class, TaskReplayCommand.class})
final class TaskCommand {

    private TaskCommand() {
    }

    /**
     * How a wait for a task ended, as an exit code: 0 COMPLETED,
     * {@link ExitCodes#TASK_FAILED} FAILED, {@link ExitCodes#TASK_TIMED_OUT} when
     * the wait ran out first.
     */
    static int exitCode(TaskWatcher.Outcome outcome) {
        if (outcome.timedOut()) {
            return ExitCodes.TASK_TIMED_OUT;
        }
        return switch (outcome.task().status()) {
            case TaskSnapshot.COMPLETED -> 0;
            case TaskSnapshot.FAILED -> ExitCodes.TASK_FAILED;
            default -> 1;
        };
    }

    /** The word for an outcome in text and JSON: the task status, or TIMED_OUT. */
    static String outcomeName(TaskWatcher.Outcome outcome) {
        return outcome.timedOut() ? "TIMED_OUT" : outcome.task().status();
    }

    /** One line of progress: the task's status and each subtask's. */
    static String progressLine(TaskSnapshot task) {
        return task.status() + "  " + task.subtasks().stream()
                .map(s -> s.name() + "=" + s.status() + (s.attempt() > 1 ? "#" + s.attempt() : ""))
                .collect(Collectors.joining(" "));
    }
}
