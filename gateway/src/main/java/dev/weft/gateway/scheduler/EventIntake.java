package dev.weft.gateway.scheduler;

import dev.weft.gateway.faults.CrashPoints;
import dev.weft.gateway.store.DeadLetter;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the scheduler takes work from task events (S1.4): the ready subtasks its organisation participates
 * in (of every task of a batch event) go into the task list with the event's checkpoint, atomically, then
 * to {@code enqueue}; a poison event goes to the dead-letter list after {@code maxEventAttempts}. While the
 * recovery runs beside the stream, a subtask is taken by one of them only: each claims its key first.
 */
final class EventIntake {
    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);

    private final String mspId;
    private final GatewayStore store;
    private final SchedulerMetrics metrics;
    private final int maxEventAttempts;
    private final Consumer<TaskEntry> enqueue;
    private final Map<String, Integer> eventFailures = new ConcurrentHashMap<>();
    /** Keys the recovery took: the stream, which may deliver their events later, does not take them again. */
    private final Set<TaskKey> recovered = ConcurrentHashMap.newKeySet();
    /** Keys the stream took while the recovery ran (null outside it). */
    private volatile Set<TaskKey> streamClaims;

    EventIntake(String mspId, GatewayStore store, SchedulerMetrics metrics, int maxEventAttempts,
            Consumer<TaskEntry> enqueue) {
        this.mspId = mspId;
        this.store = store;
        this.metrics = metrics;
        this.maxEventAttempts = maxEventAttempts;
        this.enqueue = enqueue;
    }

    /** The recovery starts beside the stream: from now on the stream claims what it takes. */
    void recoveryStarts() {
        streamClaims = ConcurrentHashMap.newKeySet();
    }

    /** The recovery is over: the stream no longer claims. */
    void recoveryEnded() {
        streamClaims = null;
    }

    /** The recovery took {@code key} (from the task list). */
    void recovered(TaskKey key) {
        recovered.add(key);
    }

    /** Recovery may take {@code key} unless the stream took it while the recovery ran. */
    boolean claimForRecovery(TaskKey key) {
        Set<TaskKey> claims = streamClaims;
        if (claims != null && claims.contains(key)) {
            return false;
        }
        recovered.add(key);
        return true;
    }

    /** S1.4: take the subtasks of this organisation; others are ignored. */
    void onEvent(ChaincodeEvent event) {
        if (!ReadyWork.TASK_EVENT.equals(event.getEventName())) {
            return;
        }
        try {
            CrashPoints.reach(CrashPoints.Point.EVENT);
            metrics.eventHandled(event.getBlockNumber());
            List<TaskEntry> mine = new ArrayList<>();
            ReadyWork.forParticipant(ReadyWork.parse(event.getPayload()), mspId)
                    .forEach(s -> mine.add(TaskEntries.taken(s, event.getBlockNumber())));
            if (mine.isEmpty()) {
                return;
            }
            Set<TaskKey> claims = streamClaims;
            if (claims != null) {
                mine.forEach(e -> claims.add(e.key()));
            }
            mine.removeIf(e -> recovered.contains(e.key()));
            List<TaskEntry> taken = store.recordTasks(mine, event);
            CrashPoints.reach(CrashPoints.Point.TAKEN);
            metrics.taken(taken.size());
            taken.forEach(enqueue);
            eventFailures.remove(event.getTransactionId());
        } catch (RuntimeException e) {
            int attempts = eventFailures.merge(event.getTransactionId(), 1, Integer::sum);
            if (attempts < maxEventAttempts) {
                throw e;
            }
            // A poison event never blocks the stream: park it and move on.
            store.deadLetter(new DeadLetter(0, event.getBlockNumber(), event.getTransactionId(),
                    event.getEventName(), event.getPayload(), String.valueOf(e.getMessage()), attempts,
                    Instant.now()));
            eventFailures.remove(event.getTransactionId());
            metrics.deadLettered();
            LOG.error("event {} moved to the dead-letter list after {} attempts: {}",
                    event.getTransactionId(), attempts, e.toString());
        }
    }
}
