package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.Ledger;
import java.util.List;

/**
 * Where the task contract keeps each fact. Every fact has its own composite key;
 * there is no shared counter or array that concurrent transactions rewrite.
 *
 * <pre>
 * weft.definition / id                         Definition
 * weft.defapproval / id / msp                  DefinitionApprovals.Approval (one per participant organisation)
 * weft.task       / taskId                     Task
 * weft.subtask    / taskId / subtask           Subtask
 * weft.result     / taskId / subtask / msp     SubtaskResult (key-level policy: msp's peer too)
 * weft.failure    / taskId / subtask / msp     Failure       (the msp's latest report; policy likewise)
 * weft.taskstatus / status / taskId            StatusEntry   (ListTasks)
 * weft.pending    / msp / taskId / subtask     PendingEntry  (PendingSubtasks: crash recovery, failover)
 * weft.taskgraph  / taskId                     Graph         (written once at creation: dependents, sinks)
 * </pre>
 */
final class TaskKeys {
    static final String TASK = "weft.task";
    static final String SUBTASK = "weft.subtask";
    static final String RESULT = "weft.result";
    static final String FAILURE = "weft.failure";
    static final String STATUS = "weft.taskstatus";
    static final String PENDING = "weft.pending";
    static final String GRAPH = "weft.taskgraph";

    /** The value of a status index key. */
    record StatusEntry(String taskId, String definitionId, TaskStatus status) {
    }

    /** The value of a pending index key: the subtask waits for this participant's result. */
    record PendingEntry(String mspId, String taskId, String subtaskId, int attempt, String deadline) {
    }

    /**
     * The dependency graph of a task, written once when the task is created and never changed: the
     * subtasks that depend on each subtask, and the sinks (subtasks nothing depends on). A result reads
     * this one key instead of every subtask to find what it may make ready and whether it completes the task.
     */
    record Graph(String taskId, java.util.SortedMap<String, List<String>> dependents, List<String> sinks) {
        Graph {
            dependents = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(dependents));
            sinks = List.copyOf(sinks);
        }
    }

    private TaskKeys() {
    }

    static String task(Ledger ledger, String taskId) {
        return ledger.key(TASK, taskId);
    }

    static String subtask(Ledger ledger, String taskId, String name) {
        return ledger.key(SUBTASK, taskId, name);
    }

    static String result(Ledger ledger, String taskId, String name, String msp) {
        return ledger.key(RESULT, taskId, name, msp);
    }

    static String failure(Ledger ledger, String taskId, String name, String msp) {
        return ledger.key(FAILURE, taskId, name, msp);
    }

    static String status(Ledger ledger, TaskStatus status, String taskId) {
        return ledger.key(STATUS, status.name(), taskId);
    }

    static String graph(Ledger ledger, String taskId) {
        return ledger.key(GRAPH, taskId);
    }

    static String pending(Ledger ledger, String msp, String taskId, String name) {
        return ledger.key(PENDING, msp, taskId, name);
    }
}
