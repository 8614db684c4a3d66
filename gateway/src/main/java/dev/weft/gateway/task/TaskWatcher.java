package dev.weft.gateway.task;

import dev.weft.gateway.chain.EventSignal;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.scheduler.ReadyWork;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one task until it ends: every {@code weft.task} chaincode event of
 * that task (from a given block on) triggers a fresh {@code task:GetTask}, and
 * so does a quiet poll interval, so a missed or delayed event only delays the
 * view. The event subscription reconnects by itself ({@link EventStream}).
 *
 * <pre>{@code
 * try (TaskWatcher w = TaskWatcher.start(ledger, taskId, creationBlock, TaskWatcher.DEFAULT_POLL)) {
 *     TaskWatcher.Outcome o = w.await(Duration.ofMinutes(5), snapshot -> show(snapshot));
 * }
 * }</pre>
 */
public final class TaskWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskWatcher.class);
    public static final Duration DEFAULT_POLL = EventSignal.DEFAULT_POLL;

    /** The last state seen; {@code timedOut} when the wait ended before the task did. */
    public record Outcome(TaskSnapshot task, boolean timedOut) {
    }

    private final TaskLedger ledger;
    private final String taskId;
    private final EventSignal signal;

    private TaskWatcher(TaskLedger ledger, String taskId, EventSignal signal) {
        this.ledger = ledger;
        this.taskId = taskId;
        this.signal = signal;
    }

    /** Subscribes to the task's events from {@code startBlock} on. */
    public static TaskWatcher start(TaskLedger ledger, String taskId, long startBlock, Duration poll) {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(taskId, "taskId");
        return new TaskWatcher(ledger, taskId, EventSignal.start(ledger::chain, startBlock, poll, event -> {
            if (!ReadyWork.TASK_EVENT.equals(event.getEventName())) {
                return false;
            }
            try {
                return ReadyWork.concerns(ReadyWork.parse(event.getPayload()), taskId);
            } catch (IllegalArgumentException e) {
                LOG.debug("ignoring unreadable task event in tx {}: {}", event.getTransactionId(), e.getMessage());
                return false;
            }
        }));
    }

    /** Subscribes to the task's events from the next block on (for a task created earlier). */
    public static TaskWatcher fromNow(TaskLedger ledger, String taskId, Duration poll) {
        return start(ledger, taskId, ledger.chain().blockHeight(), poll);
    }

    /**
     * Hands {@code onChange} the current state, then each changed state, until the
     * task is COMPLETED or FAILED or {@code timeout} (null: no limit) has passed.
     */
    public Outcome await(Duration timeout, Consumer<TaskSnapshot> onChange) throws InterruptedException {
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        TaskSnapshot last = ledger.task(taskId);
        onChange.accept(last);
        while (!last.ended()) {
            if (!signal.await(deadline)) {
                return new Outcome(last, true);
            }
            TaskSnapshot next = ledger.task(taskId);
            if (!next.json().equals(last.json())) {
                last = next;
                onChange.accept(last);
            }
        }
        return new Outcome(last, false);
    }

    @Override
    public void close() {
        signal.close();
    }
}
