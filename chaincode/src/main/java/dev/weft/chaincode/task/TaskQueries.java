package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Page;
import dev.weft.chaincode.ledger.WeftException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only views: a task with every subtask's state, results and failures;
 * tasks by status; and the subtasks waiting for one participant, which is what a
 * gateway reads after a crash or a failover to find its organisation's work.
 */
final class TaskQueries {

    /** A task and its subtasks in definition order. */
    record TaskView(Task task, List<SubtaskView> subtasks) {
    }

    /** A subtask's state and the results returned for it (absent where not read). */
    record SubtaskView(Subtask state, List<SubtaskResult> results) {
    }

    private TaskQueries() {
    }

    static String getTask(Ledger ledger, String taskId) {
        TaskState state = TaskState.load(ledger, taskId);
        Map<String, List<SubtaskResult>> bySubtask = new HashMap<>();
        for (SubtaskResult r : ledger.list(SubtaskResult.class, TaskKeys.RESULT, taskId)) {
            if (!r.isReserved()) {
                bySubtask.computeIfAbsent(r.subtaskId(), k -> new ArrayList<>()).add(r);
            }
        }
        return Json.write(view(state, bySubtask));
    }

    static String getSubtask(Ledger ledger, String taskId, String subtaskId) {
        Subtask subtask = TaskState.load(ledger, taskId).subtask(subtaskId);
        return Json.write(new SubtaskView(subtask, ledger.list(SubtaskResult.class, TaskKeys.RESULT, taskId,
                subtaskId).stream().filter(r -> !r.isReserved()).toList()));
    }

    /** The view of a task; with {@code results == null} the views carry no results. */
    static TaskView view(TaskState state, Map<String, List<SubtaskResult>> results) {
        List<SubtaskView> subtasks = state.all().stream()
                .map(s -> new SubtaskView(s, results == null ? null : results.getOrDefault(s.name(), List.of())))
                .toList();
        return new TaskView(state.task(), subtasks);
    }

    /** One page of the tasks in a status, in task ID order. */
    static String listTasks(Ledger ledger, String statusArg, String pageSize, String bookmark) {
        TaskStatus status = status(statusArg);
        Page<TaskKeys.StatusEntry> page = ledger.page(TaskKeys.StatusEntry.class, Checks.pageSize(pageSize),
                bookmark, TaskKeys.STATUS, status.name());
        List<Task> tasks = page.items().stream()
                .map(e -> ledger.require(TaskKeys.task(ledger, e.taskId()), Task.class, "task " + e.taskId()))
                .toList();
        return Json.write(new Page<>(tasks, page.bookmark()));
    }

    /**
     * One page of the READY subtasks still waiting for {@code mspId}'s result, each
     * described as the ready event described it (ReadySubtask), in task ID then
     * subtask name order.
     */
    static String pendingSubtasks(Ledger ledger, String mspId, String pageSize, String bookmark) {
        Checks.name("MSP ID", mspId);
        Page<TaskKeys.PendingEntry> page = ledger.page(TaskKeys.PendingEntry.class, Checks.pageSize(pageSize),
                bookmark, TaskKeys.PENDING, mspId);
        Map<String, TaskState> tasks = new HashMap<>();
        List<TaskEvents.ReadySubtask> items = new ArrayList<>();
        for (TaskKeys.PendingEntry entry : page.items()) {
            TaskState state = tasks.computeIfAbsent(entry.taskId(), id -> TaskState.load(ledger, id));
            Subtask subtask = state.subtask(entry.subtaskId());
            if (subtask.status() == SubtaskStatus.READY) {
                items.add(TaskEvents.describe(state, subtask));
            }
        }
        return Json.write(new Page<>(items, page.bookmark()));
    }

    static String getDefinition(Ledger ledger, String id) {
        return Json.write(DefinitionApprovals.view(ledger, TaskRegistry.require(ledger, id)));
    }

    static String listDefinitions(Ledger ledger) {
        return Json.write(TaskRegistry.list(ledger).stream().map(d -> DefinitionApprovals.view(ledger, d)).toList());
    }

    private static TaskStatus status(String value) {
        for (TaskStatus s : TaskStatus.values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        throw WeftException.of(ErrorCode.BAD_REQUEST, "status must be one of RUNNING, COMPLETED, FAILED");
    }
}
