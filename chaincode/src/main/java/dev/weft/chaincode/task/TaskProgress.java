package dev.weft.chaincode.task;

import dev.weft.chaincode.cluster.Fencing;
import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The forward path of a task: creation (S1.2, S1.3) and result return (S1.5),
 * with completion when every participant agrees and a recorded disagreement
 * when they do not.
 */
final class TaskProgress {

    /** Jackson reads a flat string map into this; anything nested is BAD_REQUEST. */
    static final class Params extends TreeMap<String, String> {
        private static final long serialVersionUID = 1L;
    }

    private TaskProgress() {
    }

    /** What one accepted entry did to its task: the event kind and the subtasks it made ready. */
    record Step(TaskEvents.Kind kind, List<Subtask> ready) {
    }

    static String create(Ledger ledger, String definitionId, String paramsJson) {
        Caller caller = Members.requireMember(ledger);
        TaskState state = build(ledger, caller, ledger.txId(), definitionId, paramsJson);
        state.flush();
        TaskEvents.emit(state, TaskEvents.Kind.CREATED, readyOf(state));
        return Json.write(state.task());
    }

    /** The task {@code taskId} of {@code definitionId}, checked and built but not yet written. */
    static TaskState build(Ledger ledger, Caller caller, String taskId, String definitionId, String paramsJson) {
        Checks.name("definition ID", definitionId);
        Params raw = paramsJson == null || paramsJson.isBlank() ? new Params()
                : Json.parseArgument("task parameters", paramsJson, Params.class);
        SortedMap<String, String> params = Checks.parameters("task parameters", raw);
        Definition definition = TaskRegistry.require(ledger, definitionId);
        DefinitionApprovals.requireActive(ledger, definition);
        List<SortedMap<String, String>> parameters = CreatorParameters.apply(definition, params);
        Instant now = ledger.txTime();

        List<Subtask> subtasks = new ArrayList<>();
        for (Definition.SubtaskSpec spec : definition.subtasks()) {
            Subtask s = Subtask.pending(taskId, subtasks.size(), definition.id(), spec,
                    parameters.get(subtasks.size()));
            subtasks.add(spec.dependsOn().isEmpty() ? s.ready(1, now) : s);
        }
        Task task = new Task(taskId, definition.id(), caller.qualifiedId(), caller.mspId(), params,
                subtasks.stream().map(Subtask::name).toList(), TaskStatus.RUNNING, now.toString(), now.toString());
        return TaskState.create(ledger, task, subtasks);
    }

    /** The READY subtasks of a task this transaction creates. */
    static List<Subtask> readyOf(TaskState created) {
        return created.all().stream().filter(s -> s.status() == SubtaskStatus.READY).toList();
    }

    /**
     * A participant's result. {@code manifestArg} is the exchange manifest of a collaborative
     * subtask (S1.10), {@code null} for {@code task:SubmitResult}: a collaborative subtask takes
     * results only with a manifest, any other subtask only without one.
     */
    static String submit(Ledger ledger, String taskId, String subtaskId, String attemptArg, String digestArg,
            String valueArg, String manifestArg) {
        Checks.taskId(taskId);
        Caller caller = ledger.caller();
        Fencing.requireMaster(ledger, caller);
        TaskState state = TaskState.load(ledger, taskId);
        Step step = accept(state, caller, subtaskId, attemptArg, digestArg, valueArg, manifestArg);
        state.flush();
        TaskEvents.emit(state, step.kind(), step.ready());
        return Json.write(state.subtask(subtaskId));
    }

    /**
     * Checks a result against {@code state} and applies it there (nothing is written until the state is
     * flushed). Every check comes before the first change, so a refused result leaves the state as it was.
     */
    static Step accept(TaskState state, Caller caller, String subtaskId, String attemptArg, String digestArg,
            String valueArg, String manifestArg) {
        Ledger ledger = state.ledger();
        String taskId = state.task().taskId();
        Checks.name("subtask ID", subtaskId);
        int attempt = Checks.attempt(attemptArg);
        String digest = Checks.digest(digestArg);
        String value = Checks.inlineValue(valueArg, digest);
        Subtask subtask = state.subtask(subtaskId);
        requireParticipant(caller, subtask);
        requireReady(subtask, attempt);
        List<Manifest.Entry> manifest = null;
        if (subtask.exchangesData()) {
            if (manifestArg == null) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "subtask %s of task %s is collaborative: submit its "
                        + "result with task:SubmitCollaborativeResult and the exchange manifest", subtaskId, taskId);
            }
            manifest = Manifest.parse(manifestArg, caller.mspId(), subtask);
        } else if (manifestArg != null) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "subtask %s of task %s is not collaborative: it takes "
                    + "results without a manifest (task:SubmitResult)", subtaskId, taskId);
        }
        if (state.result(subtaskId, caller.mspId()).filter(r -> r.attempt() == attempt).isPresent()) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "%s already returned a result for attempt %d of %s/%s",
                    caller.mspId(), attempt, taskId, subtaskId);
        }
        Instant now = state.now();
        state.addResult(new SubtaskResult(taskId, subtaskId, caller.mspId(), caller.qualifiedId(), attempt, digest,
                value, now.toString(), ledger.txId(), manifest));

        SortedMap<String, SubtaskResult> results = state.currentResults(subtask);
        if (results.size() < subtask.participants().size()) {
            return new Step(TaskEvents.Kind.ADVANCED, List.of());
        }
        SortedMap<String, String> digests = new TreeMap<>();
        results.forEach((msp, r) -> digests.put(msp, r.digest()));
        boolean agreed = digests.values().stream().distinct().count() == 1;
        Optional<String> mismatch = subtask.exchangesData() ? Manifest.mismatch(results) : Optional.empty();
        if (agreed && mismatch.isEmpty()) {
            state.update(subtask.completed(digest, now));
            List<Subtask> ready = state.promoteDependentsOf(subtaskId);
            if (state.task().status() == TaskStatus.RUNNING && state.allCompleted()) {
                state.setStatus(TaskStatus.COMPLETED);
                return new Step(TaskEvents.Kind.COMPLETED, ready);
            }
            return new Step(TaskEvents.Kind.ADVANCED, ready);
        }
        Failure failure = agreed
                ? new Failure(attempt, Failure.Kind.EXCHANGE_MISMATCH, caller.qualifiedId(), caller.mspId(),
                        Checks.reason(mismatch.get()), now.toString(), ledger.txId(), null)
                : new Failure(attempt, Failure.Kind.DISAGREEMENT, caller.qualifiedId(), caller.mspId(),
                        "participants returned different digests", now.toString(), ledger.txId(),
                        Failure.Disagreement.of(digests));
        state.update(subtask.failed(failure, now));
        state.setStatus(TaskStatus.FAILED);
        return new Step(TaskEvents.Kind.FAILED, List.of());
    }

    static void requireParticipant(Caller caller, Subtask subtask) {
        if (!subtask.participants().contains(caller.mspId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "%s is not a participant of subtask %s of task %s",
                    caller.mspId(), subtask.name(), subtask.taskId());
        }
    }

    /** The subtask must be READY at exactly the caller's attempt. */
    static void requireReady(Subtask subtask, int attempt) {
        if (subtask.status() != SubtaskStatus.READY) {
            throw WeftException.of(ErrorCode.CONFLICT, "subtask %s of task %s is %s (attempt %d), not READY",
                    subtask.name(), subtask.taskId(), subtask.status(), subtask.attempt());
        }
        if (attempt < subtask.attempt()) {
            throw WeftException.of(ErrorCode.CONFLICT, "attempt %d of subtask %s is stale; the current attempt is %d",
                    attempt, subtask.name(), subtask.attempt());
        }
        if (attempt > subtask.attempt()) {
            throw WeftException.of(ErrorCode.CONFLICT, "subtask %s has no attempt %d yet; the current attempt is %d",
                    subtask.name(), attempt, subtask.attempt());
        }
    }
}
