package dev.weft.gateway.scheduler;

import dev.weft.gateway.store.DeadLetter;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.task.v1.TaskEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replays a dead letter: a task event the gateway could not handle after
 * bounded retries and set aside so that its event stream moved on. The letter's
 * ready subtasks in which the organisation participates go into the task list
 * (as if the event had just been handled), then the letter leaves the
 * dead-letter list. The gateway runs them through recovery at its next start
 * (S0.1; S0.2: each is first checked against the chain, so a subtask finished
 * meanwhile is dropped, not run). A running gateway reads its task list only
 * when it starts, so restart it to have them picked up.
 *
 * <pre>{@code
 * DeadLetterReplay.Outcome replayed = DeadLetterReplay.replay(store, letterId, "Org1MSP");
 * }</pre>
 */
public final class DeadLetterReplay {

    /**
     * What a replay did.
     *
     * @param taken the subtasks newly put into the task list
     * @param alreadyListed the letter's subtasks that the task list already held
     */
    public record Outcome(DeadLetter letter, List<TaskKey> taken, List<TaskKey> alreadyListed) {
    }

    private DeadLetterReplay() {
    }

    /**
     * Replays dead letter {@code id} for {@code mspId}. The subtasks are recorded
     * before the letter is removed, so an interrupted replay can simply be run
     * again (recording is idempotent).
     *
     * @throws IllegalArgumentException if there is no such letter, it is not a
     *     readable task event, or it names no subtask of {@code mspId}; the letter then stays
     */
    public static Outcome replay(GatewayStore store, long id, String mspId) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(mspId, "mspId");
        DeadLetter letter = store.deadLetters().stream().filter(l -> l.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("there is no dead letter " + id));
        if (!ReadyWork.TASK_EVENT.equals(letter.eventName())) {
            throw new IllegalArgumentException("dead letter " + id + " is a '" + letter.eventName()
                    + "' event, not a task event");
        }
        TaskEvent event = ReadyWork.parse(letter.payload());
        List<TaskEntry> mine = ReadyWork.forParticipant(event, mspId).stream()
                .map(s -> TaskEntries.taken(s, letter.blockNumber())).toList();
        if (mine.isEmpty()) {
            throw new IllegalArgumentException("dead letter " + id + " names no subtask of " + mspId
                    + "; is this the store of that organisation's gateway?");
        }
        List<TaskEntry> inserted = store.recordTasks(mine, null);
        store.takeDeadLetter(id);
        Set<TaskKey> taken = new HashSet<>();
        inserted.forEach(e -> taken.add(e.key()));
        return new Outcome(letter, inserted.stream().map(TaskEntry::key).toList(),
                mine.stream().map(TaskEntry::key).filter(k -> !taken.contains(k)).toList());
    }
}
