package dev.weft.chaincode.task;

import dev.weft.chaincode.cluster.Fencing;
import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batched transactions (issue 16): {@code task:SubmitResults} carries many results and failure reports
 * of one organisation, {@code task:CreateTasks} many task creations. Each entry is checked and applied
 * exactly as its single transaction would be (its own keys, the same checks), and one that is refused
 * changes nothing: the response gives each entry's outcome with its stable error code, and the
 * transaction commits the accepted ones. The transaction's one event is a {@code BATCH} event listing
 * one event per task it changed.
 *
 * <p>Fencing (issue 11 item 2) is decided for the caller, and every entry of a batch is the caller's
 * organisation's write: a caller that is not its cluster's master at the epoch it sends has every
 * entry refused, so the transaction itself is refused with NOT_MASTER or STALE_EPOCH and writes nothing.
 *
 * <pre>
 * peer chaincode invoke … -c '{"function":"task:SubmitResults","Args":["[{\"taskId\":\"…\",\"subtaskId\":\"add\",
 *   \"attempt\":1,\"digest\":\"…\",\"value\":\"6\"},{\"taskId\":\"…\",\"subtaskId\":\"x\",\"attempt\":1,
 *   \"failure\":\"engine down\"}]"]}'
 * → {"outcomes":[{"index":0,"status":"COMPLETED",…},{"code":"CONFLICT","index":1,"message":"…",…}]}
 * </pre>
 */
final class TaskBatch {
    /** Most entries in one batch transaction. */
    static final int MAX_ENTRIES = 500;

    /**
     * One result ({@code digest}, {@code value}, and {@code manifest}, the exchange manifest's JSON text, for
     * a collaborative subtask) or one failure report ({@code failure}, the reason).
     */
    record ResultEntry(String taskId, String subtaskId, int attempt, String digest, String value, String manifest,
            String failure) {
    }

    /** One task to create: a definition and the creator's parameters. */
    record CreateEntry(String definitionId, java.util.SortedMap<String, String> params) {
    }

    /**
     * One entry's outcome: accepted ({@code code} absent; {@code status} the subtask's or the created
     * task's status, {@code taskId} the task) or refused with a stable error code and its message.
     */
    record Outcome(int index, String taskId, String subtaskId, Integer attempt, String status, String code,
            String message) {
    }

    /** The response of a batch transaction: one outcome per entry, in entry order. */
    record Response(List<Outcome> outcomes) {
    }

    private TaskBatch() {
    }

    static String submitResults(Ledger ledger, String entriesJson) {
        ResultEntry[] entries = Json.parseArgument("result entries", entriesJson, ResultEntry[].class);
        requireSize(entries.length);
        Caller caller = ledger.caller();
        Fencing.requireMaster(ledger, caller);
        Map<String, TaskState> states = new LinkedHashMap<>();
        Map<String, TaskEvents.Kind> kinds = new LinkedHashMap<>();
        Map<String, List<Subtask>> ready = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            ResultEntry e = entries[i];
            if (e == null) {
                outcomes.add(refused(i, null, null, null, WeftException.of(ErrorCode.BAD_REQUEST, "entry is null")));
                continue;
            }
            try {
                Checks.taskId(e.taskId());
                TaskState state = states.containsKey(e.taskId()) ? states.get(e.taskId())
                        : TaskState.load(ledger, e.taskId());
                states.putIfAbsent(e.taskId(), state);
                String attempt = Integer.toString(e.attempt());
                TaskProgress.Step step = e.failure() != null
                        ? TaskRecovery.acceptFailure(state, caller, e.subtaskId(), attempt, e.failure())
                        : TaskProgress.accept(state, caller, e.subtaskId(), attempt, e.digest(), e.value(),
                                e.manifest());
                kinds.merge(e.taskId(), step.kind(), TaskBatch::later);
                ready.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).addAll(step.ready());
                outcomes.add(new Outcome(i, e.taskId(), e.subtaskId(), e.attempt(),
                        state.subtask(e.subtaskId()).status().name(), null, null));
            } catch (WeftException refused) {
                outcomes.add(refused(i, e.taskId(), e.subtaskId(), e.attempt(), refused));
            }
        }
        List<TaskEvents.TaskEvent> events = new ArrayList<>();
        kinds.forEach((taskId, kind) -> {
            TaskState state = states.get(taskId);
            state.flush();
            events.add(TaskEvents.event(state, kind, ready.get(taskId)));
        });
        TaskEvents.emitBatch(ledger, events);
        return Json.write(new Response(outcomes));
    }

    static String createTasks(Ledger ledger, String entriesJson) {
        CreateEntry[] entries = Json.parseArgument("task creations", entriesJson, CreateEntry[].class);
        requireSize(entries.length);
        Caller caller = Members.requireMember(ledger);
        List<Outcome> outcomes = new ArrayList<>();
        List<TaskEvents.TaskEvent> events = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            CreateEntry e = entries[i];
            String taskId = ledger.txId() + "." + i;
            try {
                if (e == null) {
                    throw WeftException.of(ErrorCode.BAD_REQUEST, "entry is null");
                }
                String params = e.params() == null ? "" : Json.write(e.params());
                TaskState state = TaskProgress.build(ledger, caller, taskId, e.definitionId(), params);
                state.flush();
                events.add(TaskEvents.event(state, TaskEvents.Kind.CREATED, TaskProgress.readyOf(state)));
                outcomes.add(new Outcome(i, taskId, null, null, state.task().status().name(), null, null));
            } catch (WeftException refused) {
                outcomes.add(refused(i, null, null, null, refused));
            }
        }
        TaskEvents.emitBatch(ledger, events);
        return Json.write(new Response(outcomes));
    }

    private static void requireSize(int n) {
        if (n < 1 || n > MAX_ENTRIES) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "a batch has 1..%d entries, not %d", MAX_ENTRIES, n);
        }
    }

    private static Outcome refused(int index, String taskId, String subtaskId, Integer attempt, WeftException e) {
        return new Outcome(index, taskId, subtaskId, attempt, null, e.code().name(), e.getMessage());
    }

    /** A task's event kind over several entries: a completion or failure outranks an advance. */
    private static TaskEvents.Kind later(TaskEvents.Kind before, TaskEvents.Kind next) {
        return next == TaskEvents.Kind.ADVANCED ? before : next;
    }
}
