package dev.weft.chaincode.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One subtask of one task instance, stored under
 * {@code weft.subtask/<taskId>/<name>}: a copy of its definition (so a
 * participant needs nothing else), its merged parameters, and its completion
 * state. Each subtask has its own key, so progress on one never rewrites another.
 *
 * @param index      position in the definition, the order of every list the contract emits
 * @param parameters the definition's parameters overridden by the task's
 * @param readyAt    when the current attempt became READY (transaction time)
 * @param deadline   readyAt + timeoutSeconds
 * @param digest     the agreed result digest, once COMPLETED
 * @param endedAt    when the current attempt completed or failed
 * @param failures   every failed attempt, oldest first
 * @param collaborative {@code true} for a collaborative subtask (S1.10), absent otherwise
 */
public record Subtask(String taskId, String name, int index, String definitionId, String operation,
        List<String> participants, List<String> dependsOn, SortedMap<String, String> parameters,
        int timeoutSeconds, SubtaskStatus status, int attempt, String readyAt, String deadline,
        String digest, String endedAt, List<Failure> failures, Boolean collaborative) {

    public Subtask {
        participants = List.copyOf(participants);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        parameters = parameters == null ? new TreeMap<>() : new TreeMap<>(parameters);
        failures = failures == null ? List.of() : List.copyOf(failures);
        collaborative = Boolean.TRUE.equals(collaborative) ? Boolean.TRUE : null;
    }

    public boolean exchangesData() {
        return collaborative != null;
    }

    /** A new subtask of a new task: PENDING at attempt 1. */
    static Subtask pending(String taskId, int index, String definitionId, Definition.SubtaskSpec spec,
            SortedMap<String, String> parameters) {
        return new Subtask(taskId, spec.name(), index, definitionId, spec.operation(), spec.participants(),
                spec.dependsOn(), parameters, spec.timeoutSeconds(), SubtaskStatus.PENDING, 1,
                null, null, null, null, List.of(), spec.collaborative());
    }

    Subtask ready(int nextAttempt, Instant now) {
        return new Subtask(taskId, name, index, definitionId, operation, participants, dependsOn, parameters,
                timeoutSeconds, SubtaskStatus.READY, nextAttempt, now.toString(),
                now.plusSeconds(timeoutSeconds).toString(), null, null, failures, collaborative);
    }

    Subtask completed(String agreedDigest, Instant now) {
        return new Subtask(taskId, name, index, definitionId, operation, participants, dependsOn, parameters,
                timeoutSeconds, SubtaskStatus.COMPLETED, attempt, readyAt, deadline, agreedDigest,
                now.toString(), failures, collaborative);
    }

    Subtask failed(Failure failure, Instant now) {
        List<Failure> history = new ArrayList<>(failures);
        history.add(failure);
        return new Subtask(taskId, name, index, definitionId, operation, participants, dependsOn, parameters,
                timeoutSeconds, SubtaskStatus.FAILED, attempt, readyAt, deadline, null, now.toString(), history,
                collaborative);
    }

    /** True when the current attempt is READY and its deadline has been reached. */
    boolean expiredAt(Instant now) {
        return status == SubtaskStatus.READY && !now.isBefore(Instant.parse(deadline));
    }
}
