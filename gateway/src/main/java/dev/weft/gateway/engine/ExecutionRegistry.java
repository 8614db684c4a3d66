package dev.weft.gateway.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The executions an engine knows, by (task, subtask, attempt) (S0.8). Claiming
 * a key is atomic, so two sends of one attempt never both run it. Finished
 * executions are kept for {@code retention} and at most {@code maxFinished}
 * of them, oldest dropped first; running ones are always kept.
 */
final class ExecutionRegistry {
    /** The execution a send is answered by, and whether the send created it. */
    record Claim(Execution execution, boolean fresh) {
    }

    private final ConcurrentHashMap<ExecutionKey, Execution> executions = new ConcurrentHashMap<>();
    private final ArrayDeque<Execution> finishedOrder = new ArrayDeque<>();
    private final Clock clock;
    private final Duration retention;
    private final int maxFinished;

    ExecutionRegistry(Clock clock, Duration retention, int maxFinished) {
        this.clock = clock;
        this.retention = retention;
        this.maxFinished = maxFinished;
    }

    /**
     * The live execution of {@code key}, or a new one made by {@code create}
     * (given its run number) when there is none or the last one was a unit fault.
     * {@code create} may throw to refuse; then nothing changes.
     */
    Claim claim(ExecutionKey key, IntFunction<Execution> create) {
        prune();
        Execution[] created = new Execution[1];
        Execution current = executions.compute(key, (k, existing) -> {
            if (existing != null && !existing.replaceable()) {
                return existing;
            }
            created[0] = create.apply(existing == null ? 1 : existing.runs() + 1);
            return created[0];
        });
        return new Claim(current, current == created[0]);
    }

    Optional<Execution> find(ExecutionKey key) {
        prune();
        return Optional.ofNullable(executions.get(key));
    }

    /** Called once an execution has its outcome; starts its retention period. */
    void finished(Execution execution) {
        synchronized (finishedOrder) {
            finishedOrder.addLast(execution);
        }
        prune();
    }

    List<Execution> running() {
        return executions.values().stream().filter(e -> !e.finished()).toList();
    }

    int size() {
        return executions.size();
    }

    private void prune() {
        var now = clock.instant();
        synchronized (finishedOrder) {
            while (!finishedOrder.isEmpty()) {
                Execution oldest = finishedOrder.peekFirst();
                boolean expired = oldest.finishedAt().plus(retention).isBefore(now);
                if (!expired && finishedOrder.size() <= maxFinished) {
                    return;
                }
                finishedOrder.removeFirst();
                executions.remove(oldest.key(), oldest);
            }
        }
    }
}
