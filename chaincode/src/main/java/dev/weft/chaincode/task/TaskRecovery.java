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

/**
 * The failure path of a task: a participant's failure report, timeouts judged on
 * transaction timestamps, and the retry that reopens one failed subtask at its
 * next attempt while every completed subtask keeps its results.
 */
final class TaskRecovery {

    private TaskRecovery() {
    }

    static String reportFailure(Ledger ledger, String taskId, String subtaskId, String attemptArg, String reasonArg) {
        Checks.taskId(taskId);
        Caller caller = ledger.caller();
        Fencing.requireMaster(ledger, caller);
        TaskState state = TaskState.load(ledger, taskId);
        TaskProgress.Step step = acceptFailure(state, caller, subtaskId, attemptArg, reasonArg);
        state.flush();
        TaskEvents.emit(state, step.kind(), step.ready());
        return Json.write(state.subtask(subtaskId));
    }

    /**
     * Checks a failure report against {@code state} and applies it: the subtask and the task fail. The
     * report is also the reporter's own fact, which only a transaction its peer endorses can rewrite; that
     * key is written at once, the rest when the state is flushed. A refused report changes nothing.
     */
    static TaskProgress.Step acceptFailure(TaskState state, Caller caller, String subtaskId, String attemptArg,
            String reasonArg) {
        Ledger ledger = state.ledger();
        Checks.name("subtask ID", subtaskId);
        int attempt = Checks.attempt(attemptArg);
        String reason = Checks.reason(reasonArg);
        Subtask subtask = state.subtask(subtaskId);
        TaskProgress.requireParticipant(caller, subtask);
        TaskProgress.requireReady(subtask, attempt);
        Instant now = state.now();
        Failure report = new Failure(attempt, Failure.Kind.REPORTED, caller.qualifiedId(), caller.mspId(), reason,
                now.toString(), ledger.txId(), null);
        state.update(subtask.failed(report, now));
        state.setStatus(TaskStatus.FAILED);
        ledger.putOwned(TaskKeys.failure(ledger, state.task().taskId(), subtaskId, caller.mspId()), report,
                caller.mspId());
        return new TaskProgress.Step(TaskEvents.Kind.FAILED, List.of());
    }

    /**
     * Fails every READY subtask whose deadline has certainly been reached: at
     * this transaction's timestamp less the peer's time window, so a caller who
     * stamps its proposal ahead cannot fail work early. The task's owner and
     * identities of its participant organisations may call it. With nothing expired it writes nothing, emits
     * nothing and returns the task's state.
     */
    static String checkTimeout(Ledger ledger, String taskId) {
        Caller caller = Members.requireMember(ledger);
        TaskState state = TaskState.load(ledger, taskId);
        boolean owner = caller.qualifiedId().equals(state.task().owner());
        if (!owner && state.all().stream().noneMatch(s -> s.participants().contains(caller.mspId()))) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "only the owner or a participant of task %s may check its "
                    + "timeouts", taskId);
        }
        Instant now = state.now();
        // A deadline counts as passed only once it has for any timestamp the peer accepts (Ledger.TIME_WINDOW).
        Instant latestClientNow = now.minus(Ledger.TIME_WINDOW);
        List<Subtask> expired = state.all().stream().filter(s -> s.expiredAt(latestClientNow)).toList();
        if (expired.isEmpty()) {
            return Json.write(TaskQueries.view(state, null));
        }
        for (Subtask s : expired) {
            state.update(s.failed(new Failure(s.attempt(), Failure.Kind.TIMEOUT, caller.qualifiedId(),
                    caller.mspId(), "timeout: attempt " + s.attempt() + " was due at " + s.deadline(),
                    now.toString(), ledger.txId(), null), now));
        }
        state.setStatus(TaskStatus.FAILED);
        state.flush();
        TaskEvents.emit(state, TaskEvents.Kind.FAILED, List.of());
        return Json.write(TaskQueries.view(state, null));
    }

    /**
     * Reopens a FAILED subtask of a FAILED task at its next attempt. The task
     * returns to RUNNING once none of its subtasks is failed; subtasks whose
     * dependencies completed while it was halted become ready in the same event.
     */
    static String retry(Ledger ledger, String taskId, String subtaskId) {
        Checks.taskId(taskId);
        Checks.name("subtask ID", subtaskId);
        Caller caller = ledger.caller();
        TaskState state = TaskState.load(ledger, taskId);
        Subtask subtask = state.subtask(subtaskId);
        boolean owner = caller.qualifiedId().equals(state.task().owner());
        boolean participantAdmin = caller.isAdmin() && subtask.participants().contains(caller.mspId());
        if (!owner && !participantAdmin) {
            throw WeftException.of(ErrorCode.FORBIDDEN,
                    "only the task's owner or an admin of a participant organisation may retry %s", subtaskId);
        }
        if (state.task().status() != TaskStatus.FAILED || subtask.status() != SubtaskStatus.FAILED) {
            throw WeftException.of(ErrorCode.CONFLICT, "only a FAILED subtask of a FAILED task can be retried;"
                    + " task %s is %s and subtask %s is %s", taskId, state.task().status(), subtaskId,
                    subtask.status());
        }
        if (subtask.attempt() >= Checks.MAX_ATTEMPTS) {
            throw WeftException.of(ErrorCode.CONFLICT, "subtask %s has used all %d attempts",
                    subtaskId, Checks.MAX_ATTEMPTS);
        }
        Subtask reopened = subtask.ready(subtask.attempt() + 1, state.now());
        state.update(reopened);
        List<Subtask> ready = new ArrayList<>(List.of(reopened));
        if (!state.anyIn(SubtaskStatus.FAILED)) {
            state.setStatus(TaskStatus.RUNNING);
            ready.addAll(state.promoteReady());
        }
        state.flush();
        TaskEvents.emit(state, TaskEvents.Kind.RETRIED, ready);
        return Json.write(reopened);
    }
}
