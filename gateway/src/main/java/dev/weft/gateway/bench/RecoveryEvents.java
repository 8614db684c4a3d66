package dev.weft.gateway.bench;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.scheduler.ReadyWork;
import dev.weft.proto.task.v1.TaskEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.InMemoryCheckpointer;

/**
 * What the chain says happened to tasks, read from the committed {@code weft.task}
 * events: every valid result transaction emits one (ADVANCED, COMPLETED or
 * FAILED), so for tasks whose subtasks have one participant each, more result
 * events than subtasks means a result landed twice. An event delivered again
 * after a reconnect is counted once (by transaction ID).
 *
 * <pre>{@code
 * try (RecoveryEvents events = RecoveryEvents.listen(reader, reader.blockHeight())) {
 *     ... create tasks ...
 *     events.awaitEnded(taskIds, Duration.ofMinutes(2));
 *     int results = events.resultEvents(taskId);
 * }
 * }</pre>
 */
public final class RecoveryEvents implements AutoCloseable {
    private static final class Tally {
        volatile int results;
        volatile long firstResultBlock = -1;
        volatile long endBlock = -1;
        volatile long endNanos;
        volatile String end;
    }

    private final Map<String, Tally> tasks = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile EventStream stream;

    private RecoveryEvents() {
    }

    /**
     * Starts reading events from {@code startBlock} with {@code chain} (a connection of its own is best),
     * through the same reconnecting {@link EventStream} the gateway uses, checkpointed in memory.
     */
    public static RecoveryEvents listen(ChainClient chain, long startBlock) {
        RecoveryEvents events = new RecoveryEvents();
        events.stream = EventStream.start(() -> chain, startBlock, new InMemoryCheckpointer(), events::onEvent);
        return events;
    }

    private void onEvent(ChaincodeEvent event) {
        if (seen.add(event.getTransactionId()) && ReadyWork.TASK_EVENT.equals(event.getEventName())) {
            long block = event.getBlockNumber();
            ReadyWork.perTask(ReadyWork.parse(event.getPayload())).forEach(e -> record(e, block));
        }
    }

    private void record(TaskEvent event, long block) {
        Tally tally = tasks.computeIfAbsent(event.getTaskId(), id -> new Tally());
        synchronized (tally) {
            switch (event.getKind()) {
                case "ADVANCED", "COMPLETED", "FAILED" -> {
                    tally.results++;
                    if (tally.firstResultBlock < 0) {
                        tally.firstResultBlock = block;
                    }
                }
                default -> {
                    return;
                }
            }
            if (!"RUNNING".equals(event.getTaskStatus()) && tally.end == null) {
                tally.end = event.getTaskStatus();
                tally.endBlock = block;
                tally.endNanos = System.nanoTime();
            }
        }
    }

    /** How the task ended (COMPLETED, FAILED), or null while it has not. */
    public String endStatus(String taskId) {
        Tally t = tasks.get(taskId);
        return t == null ? null : t.end;
    }

    /** Valid result transactions seen for the task. */
    public int resultEvents(String taskId) {
        Tally t = tasks.get(taskId);
        return t == null ? 0 : t.results;
    }

    /** The block of the task's first result, -1 before it. */
    public long firstResultBlock(String taskId) {
        Tally t = tasks.get(taskId);
        return t == null ? -1 : t.firstResultBlock;
    }

    /** The block in which the task ended (COMPLETED or FAILED), -1 while it runs. */
    public long endBlock(String taskId) {
        Tally t = tasks.get(taskId);
        return t == null ? -1 : t.endBlock;
    }

    /** {@link System#nanoTime()} when this listener saw the task end, 0 while it runs. */
    public long endNanos(String taskId) {
        Tally t = tasks.get(taskId);
        return t == null ? 0 : t.endNanos;
    }

    /** How many of the tasks have ended. */
    public long ended(Collection<String> taskIds) {
        return taskIds.stream().filter(id -> endBlock(id) >= 0).count();
    }

    /** Waits until every task has ended; false if time ran out first. */
    public boolean awaitEnded(Collection<String> taskIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ended(taskIds) < taskIds.size()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(50);
        }
        return true;
    }

    @Override
    public void close() {
        stream.close();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
