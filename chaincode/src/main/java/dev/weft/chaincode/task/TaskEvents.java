package dev.weft.chaincode.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code weft.task} chaincode event (S1.3, S1.5): one per transaction,
 * listing every subtask that became ready in it with everything a participant
 * needs to run it, inputs included (S1.8). Field names are those of
 * {@code weft/task/v1/task_events.proto} in lowerCamelCase, so a gateway reads
 * the payload with {@code JsonFormat.parser().ignoringUnknownFields()}:
 *
 * <pre>{@code
 * {"kind":"CREATED","ready":[{"attempt":1,"definitionId":"score",
 *   "inputs":[{"digest":"…","name":"param:table","value":"t"}],"operation":"sql.query",
 *   "parameters":{"table":"t"},"participants":["Org1MSP","Org2MSP"],"subtaskId":"extract","taskId":"…"}],
 *  "taskId":"…","taskStatus":"RUNNING","txId":"…"}
 * }</pre>
 */
final class TaskEvents {
    static final String EVENT_NAME = "weft.task";

    /** What the transaction did to the task. */
    enum Kind { CREATED, ADVANCED, COMPLETED, FAILED, RETRIED }

    /** {@code weft.task.v1.TaskEvent}. */
    record TaskEvent(String txId, String taskId, Kind kind, TaskStatus taskStatus, List<ReadySubtask> ready) {
    }

    /**
     * {@code weft.task.v1.ReadySubtask}: one subtask attempt to run, with the participants of the
     * subtasks that depend on it ({@code resultReaders}, listed: {@code resultReadersListed}).
     */
    record ReadySubtask(String taskId, String subtaskId, String operation, SortedMap<String, String> parameters,
            List<String> participants, List<InputRef> inputs, int attempt, String definitionId,
            Boolean collaborative, List<String> resultReaders, boolean resultReadersListed) {
    }

    /**
     * {@code weft.task.v1.InputRef}: {@code param:<name>} with the parameter's value, or
     * {@code result:<subtask>/<msp>} with an upstream participant's digest and inline value.
     */
    record InputRef(String name, String digest, String value) {
    }

    private TaskEvents() {
    }

    /**
     * {@code weft.task.v1.TaskEvent} of a batch transaction ({@code task:SubmitResults},
     * {@code task:CreateTasks}): kind {@code BATCH}, one event per task it changed in {@code batch}
     * (in the order the tasks first appear in the batch), since a transaction carries one event.
     */
    record BatchEvent(String txId, String kind, List<TaskEvent> batch) {
    }

    /** Sets the transaction's one event. */
    static void emit(TaskState state, Kind kind, List<Subtask> ready) {
        state.ledger().emit(EVENT_NAME, event(state, kind, ready));
    }

    /** Sets a batch transaction's one event; none when the batch changed no task. */
    static void emitBatch(dev.weft.chaincode.ledger.Ledger ledger, List<TaskEvent> events) {
        if (!events.isEmpty()) {
            ledger.emit(EVENT_NAME, new BatchEvent(ledger.txId(), "BATCH", events));
        }
    }

    /** What the transaction did to one task. */
    static TaskEvent event(TaskState state, Kind kind, List<Subtask> ready) {
        List<ReadySubtask> described = ready.stream()
                .sorted(Comparator.comparingInt(Subtask::index))
                .map(s -> describe(state, s))
                .toList();
        return new TaskEvent(state.ledger().txId(), state.task().taskId(), kind, state.task().status(), described);
    }

    /**
     * A READY subtask as its participants receive it: the merged parameters as
     * {@code param:} inputs, and for each dependency every participant's result
     * of the attempt that completed it, as {@code result:} inputs.
     */
    static ReadySubtask describe(TaskState state, Subtask subtask) {
        List<InputRef> inputs = new ArrayList<>();
        subtask.parameters().forEach((k, v) -> inputs.add(new InputRef("param:" + k, Checks.sha256(v), v)));
        for (String dep : subtask.dependsOn()) {
            Subtask upstream = state.subtask(dep);
            state.currentResults(upstream).forEach((msp, r) ->
                    inputs.add(new InputRef("result:" + dep + "/" + msp, r.digest(), r.value())));
        }
        return new ReadySubtask(subtask.taskId(), subtask.name(), subtask.operation(),
                new TreeMap<>(subtask.parameters()), subtask.participants(), inputs, subtask.attempt(),
                subtask.definitionId(), subtask.collaborative(), state.readersOf(subtask.name()), true);
    }
}
