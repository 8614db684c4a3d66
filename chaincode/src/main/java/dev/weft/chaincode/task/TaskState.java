package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One task as one transaction sees and changes it. Fabric never shows a
 * transaction its own writes, so the transaction works on this copy and
 * {@link #flush} writes each changed fact once, together with the indexes that
 * follow from it (status index, pending-per-participant index).
 *
 * <p>Reads are point reads of single keys, never range reads, so the read set
 * names exactly the facts a decision depended on and MVCC conflicts stay as
 * narrow as the rules allow (see {@link TaskContract}).
 */
final class TaskState {
    private final Ledger ledger;
    private final Instant now;
    private final TaskStatus committedStatus;
    private Task task;
    private boolean taskChanged;
    private final Map<String, Subtask> committed = new HashMap<>();
    private final Map<String, Subtask> current = new HashMap<>();
    private final TreeSet<String> changed = new TreeSet<>();
    private final Map<String, Optional<SubtaskResult>> results = new HashMap<>();
    private final List<NewResult> newResults = new ArrayList<>();
    private Optional<TaskKeys.Graph> graph;
    private boolean graphCreated;

    private TaskState(Ledger ledger, Task task, TaskStatus committedStatus) {
        this.ledger = ledger;
        this.now = ledger.txTime();
        this.task = task;
        this.committedStatus = committedStatus;
    }

    /** The committed task; NOT_FOUND if there is none. */
    static TaskState load(Ledger ledger, String taskId) {
        Checks.taskId(taskId);
        Task task = ledger.require(TaskKeys.task(ledger, taskId), Task.class, "task " + taskId);
        return new TaskState(ledger, task, task.status());
    }

    /** A task this transaction creates. */
    static TaskState create(Ledger ledger, Task task, List<Subtask> subtasks) {
        TaskState state = new TaskState(ledger, task, null);
        state.taskChanged = true;
        SortedMap<String, List<String>> dependents = new TreeMap<>();
        for (Subtask s : subtasks) {
            state.current.put(s.name(), s);
            state.changed.add(s.name());
            dependents.putIfAbsent(s.name(), new ArrayList<>());
            for (String dep : s.dependsOn()) {
                dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(s.name());
            }
        }
        List<String> sinks = subtasks.stream().map(Subtask::name).filter(n -> dependents.get(n).isEmpty()).toList();
        dependents.replaceAll((k, v) -> List.copyOf(new TreeSet<>(v)));
        state.graph = Optional.of(new TaskKeys.Graph(task.taskId(), dependents, sinks));
        // a task of one subtask has the trivial graph, which graph() derives from the task record itself
        state.graphCreated = subtasks.size() > 1;
        return state;
    }

    Task task() {
        return task;
    }

    Instant now() {
        return now;
    }

    Ledger ledger() {
        return ledger;
    }

    /** The subtask as this transaction sees it; NOT_FOUND if the task has no such subtask. */
    Subtask subtask(String name) {
        Checks.name("subtask ID", name);
        Subtask seen = current.get(name);
        if (seen != null) {
            return seen;
        }
        if (!task.subtasks().contains(name)) {
            throw WeftException.of(ErrorCode.NOT_FOUND, "task %s has no subtask %s", task.taskId(), name);
        }
        Subtask read = ledger.require(TaskKeys.subtask(ledger, task.taskId(), name), Subtask.class,
                "subtask " + name + " of task " + task.taskId());
        committed.put(name, read);
        current.put(name, read);
        return read;
    }

    /** Every subtask, in definition order. */
    List<Subtask> all() {
        return task.subtasks().stream().map(this::subtask).toList();
    }

    void update(Subtask next) {
        subtask(next.name());
        current.put(next.name(), next);
        changed.add(next.name());
    }

    Optional<SubtaskResult> result(String subtask, String msp) {
        if (committedStatus == null) {
            // created by this transaction, under an ID derived from its (unique) transaction ID: no result
            // key of it can exist yet, so none is read
            return results.getOrDefault(subtask + "\u0000" + msp, Optional.empty());
        }
        return results.computeIfAbsent(subtask + "\u0000" + msp, k -> ledger.get(
                TaskKeys.result(ledger, task.taskId(), subtask, msp), SubtaskResult.class));
    }

    /**
     * A result this transaction writes; {@code keyed}: its key already holds a value (a reservation or an
     * earlier attempt's result), and so its owner's policy.
     */
    private record NewResult(SubtaskResult result, boolean keyed) {
    }

    void addResult(SubtaskResult result) {
        boolean keyed = result(result.subtaskId(), result.mspId()).isPresent();
        results.put(result.subtaskId() + "\u0000" + result.mspId(), Optional.of(result));
        newResults.add(new NewResult(result, keyed));
    }

    /** The results returned for the subtask's current attempt, by participant MSP. */
    SortedMap<String, SubtaskResult> currentResults(Subtask subtask) {
        SortedMap<String, SubtaskResult> out = new TreeMap<>();
        for (String msp : subtask.participants()) {
            result(subtask.name(), msp).filter(r -> r.attempt() == subtask.attempt()).ifPresent(r -> out.put(msp, r));
        }
        return out;
    }

    void setStatus(TaskStatus next) {
        if (task.status() != next) {
            task = task.withStatus(next, now);
            taskChanged = true;
        }
    }

    /**
     * Makes READY every PENDING subtask whose dependencies have all completed, in
     * definition order. A FAILED task is halted: nothing becomes ready until a
     * retry returns it to RUNNING.
     */
    List<Subtask> promoteReady() {
        return promote(this::all);
    }

    /**
     * The task's dependency graph; empty for a task created before the graph key existed, whose callers
     * fall back to reading every subtask. A task of one subtask has no graph key (since 2026-12-08): its
     * only subtask depends on nothing and is the only sink, so its graph is built here without a read.
     */
    private Optional<TaskKeys.Graph> graph() {
        if (graph == null) {
            graph = task.subtasks().size() == 1
                    ? Optional.of(new TaskKeys.Graph(task.taskId(),
                            new TreeMap<>(Map.of(task.subtasks().get(0), List.of())), task.subtasks()))
                    : ledger.get(TaskKeys.graph(ledger, task.taskId()), TaskKeys.Graph.class);
        }
        return graph;
    }

    /**
     * As {@link #promoteReady()}, after {@code completed} has completed: only its dependents can have become
     * ready, so only they and their dependencies are read (not every subtask of the task).
     */
    List<Subtask> promoteDependentsOf(String completed) {
        Optional<TaskKeys.Graph> g = graph();
        if (g.isEmpty()) {
            return promoteReady();
        }
        return promote(() -> g.get().dependents().getOrDefault(completed, List.of()).stream()
                .map(this::subtask).toList());
    }

    /**
     * The participants of the subtasks that depend on {@code name}, sorted: who may fetch its result
     * by digest should it be too large to ride inline (S1.10). Reads only those dependents (every
     * subtask for a task created before the graph key), so it does not grow with the task.
     */
    List<String> readersOf(String name) {
        List<String> dependents = graph().map(g -> g.dependents().getOrDefault(name, List.of()))
                .orElseGet(() -> all().stream().filter(s -> s.dependsOn().contains(name)).map(Subtask::name)
                        .toList());
        TreeSet<String> readers = new TreeSet<>();
        dependents.forEach(d -> readers.addAll(subtask(d).participants()));
        return List.copyOf(readers);
    }

    /** Makes READY each of {@code candidates} that is PENDING with every dependency COMPLETED (none unless RUNNING). */
    private List<Subtask> promote(Supplier<List<Subtask>> candidates) {
        List<Subtask> promoted = new ArrayList<>();
        if (task.status() != TaskStatus.RUNNING) {
            return promoted;
        }
        for (Subtask s : candidates.get()) {
            if (s.status() == SubtaskStatus.PENDING && allCompleted(s.dependsOn())) {
                Subtask ready = s.ready(s.attempt(), now);
                update(ready);
                promoted.add(ready);
            }
        }
        return promoted;
    }

    /**
     * Whether every subtask {@code names} lists has COMPLETED, checked from the last one named to the first
     * and stopping at the first that has not. Subtasks that become ready together tend to complete in the
     * order they are named (they are taken up in that order), so going backwards meets an unfinished one
     * after a read or two; going forwards read every finished one first, up to 1000 subtask keys for each
     * result of a wide fan-in. Every endorser reads the same keys in the same order, so the read set stays
     * deterministic.
     */
    private boolean allCompleted(List<String> names) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (subtask(names.get(i)).status() != SubtaskStatus.COMPLETED) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every subtask is COMPLETED, reading only the sinks: a subtask becomes READY only when all
     * its dependencies are COMPLETED and a COMPLETED subtask never changes again (only a FAILED one is
     * retried), so every subtask has completed exactly when every sink has.
     */
    boolean allCompleted() {
        Optional<TaskKeys.Graph> g = graph();
        if (g.isEmpty()) {
            return allIn(SubtaskStatus.COMPLETED);
        }
        return allCompleted(g.get().sinks());
    }

    boolean allIn(SubtaskStatus status) {
        return all().stream().allMatch(s -> s.status() == status);
    }

    boolean anyIn(SubtaskStatus status) {
        return all().stream().anyMatch(s -> s.status() == status);
    }

    /**
     * When a subtask first becomes READY, each participant's result key is
     * created empty ({@link SubtaskResult#reserved}) under that participant's
     * key-level policy, so that no other organisations, however many, can write
     * a result in its name afterwards: only a transaction its own peer endorses.
     */
    private void reserveResult(String subtask, String msp) {
        if (result(subtask, msp).isEmpty()) {
            ledger.putOwned(TaskKeys.result(ledger, task.taskId(), subtask, msp),
                    SubtaskResult.reserved(task.taskId(), subtask, msp, ledger.txId()), msp);
        }
    }

    /** Writes every change of this transaction, with the index entries that follow from it. */
    void flush() {
        String taskId = task.taskId();
        if (graphCreated) {
            ledger.put(TaskKeys.graph(ledger, taskId), graph.get());
        }
        if (taskChanged) {
            ledger.put(TaskKeys.task(ledger, taskId), task);
            if (committedStatus != task.status()) {
                if (committedStatus != null) {
                    ledger.delete(TaskKeys.status(ledger, committedStatus, taskId));
                }
                ledger.put(TaskKeys.status(ledger, task.status(), taskId),
                        new TaskKeys.StatusEntry(taskId, task.definitionId(), task.status()));
            }
        }
        for (String name : changed) {
            Subtask before = committed.get(name);
            Subtask after = current.get(name);
            ledger.put(TaskKeys.subtask(ledger, taskId, name), after);
            boolean wasReady = before != null && before.status() == SubtaskStatus.READY;
            boolean isReady = after.status() == SubtaskStatus.READY;
            if (isReady && (!wasReady || before.attempt() != after.attempt())) {
                for (String msp : after.participants()) {
                    ledger.put(TaskKeys.pending(ledger, msp, taskId, name),
                            new TaskKeys.PendingEntry(msp, taskId, name, after.attempt(), after.deadline()));
                    reserveResult(name, msp);
                }
            } else if (wasReady && !isReady) {
                for (String msp : after.participants()) {
                    ledger.delete(TaskKeys.pending(ledger, msp, taskId, name));
                }
            }
        }
        for (NewResult written : newResults) {
            SubtaskResult r = written.result();
            String key = TaskKeys.result(ledger, taskId, r.subtaskId(), r.mspId());
            if (written.keyed()) {
                // the key keeps the policy its reservation set (owner and a majority of the members of that
                // day): Fabric keeps a key's metadata when a transaction writes only its value, and this write
                // is itself checked against that policy; setting it again costs a peer round trip
                ledger.put(key, r);
            } else {
                ledger.putOwned(key, r, r.mspId());
            }
            if (current.get(r.subtaskId()).status() == SubtaskStatus.READY) {
                ledger.delete(TaskKeys.pending(ledger, r.mspId(), taskId, r.subtaskId()));
            }
        }
    }
}
