package dev.weft.gateway.scheduler;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.faults.CrashPoints;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.ResultEntry;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.task.v1.ReadySubtask;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one task-list entry to its end: execute on an available engine
 * ({@link EngineDispatch}) unless the result list already has its result (S0.11),
 * record the result, return it
 * to the chain, and remove the entry once the commit is confirmed. A failure
 * that retrying may cure leaves the entry in the list and says so.
 */
final class SubtaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SubtaskRunner.class);
    /** Largest result that rides inline on chain; larger ones stay off chain, addressed by digest. */
    static final int MAX_INLINE = dev.weft.gateway.engine.InlineValues.MAX;

    /**
     * How a run ended: done (the entry is gone), to be retried, to be retried with
     * backoff because endorsers are behind (issue 8), or refused for a reason
     * retrying cannot cure (issue 9 item 10: the scheduler bounds those tries).
     */
    enum Outcome { DONE, RETRY, BEHIND, REFUSED }

    private final String mspId;
    private final TaskLedger tasks;
    private final GatewayStore store;
    private final EngineDispatch dispatch;
    private final SchedulerMetrics metrics;
    private final Refusals refusals;
    /** The last refusal that retrying cannot cure, per entry, for the dead letter. */
    private final java.util.Map<TaskKey, String> lastRefusal = new java.util.concurrent.ConcurrentHashMap<>();

    /** The result batches (issue 16), or null to send each result in its own transaction. */
    private final ResultBatches batches;

    SubtaskRunner(String mspId, ChainClient chain, GatewayStore store, EngineDirectory engines,
            SchedulerMetrics metrics, ResultBatches batches) {
        this.batches = batches;
        ChainView view = ChainView.of(chain);
        this.refusals = new Refusals(mspId, view);
        this.mspId = mspId;
        this.tasks = new TaskLedger(chain);
        this.store = store;
        this.dispatch = new EngineDispatch(mspId, chain, store, engines, new InputPrefetch(view), metrics);
        this.metrics = metrics;
    }

    Outcome run(TaskEntry entry) {
        if (batches == null) {
            return run(entry, null);
        }
        try (ResultBatches.Coming soon = batches.coming()) {
            return run(entry, soon);
        }
    }

    /** {@code soon}: this entry announced to the result batches (null without batches). */
    private Outcome run(TaskEntry entry, ResultBatches.Coming soon) {
        TaskKey key = entry.key();
        Optional<ResultEntry> known = store.result(key);
        ReadySubtask subtask = TaskEntries.subtask(entry);
        if (known.isEmpty()) {
            ExecuteResponse response;
            try {
                response = dispatch.execute(entry, subtask);
            } catch (EngineDispatch.NoEngine e) {
                LOG.debug("{}: {}", key, e.getMessage());
                return Outcome.RETRY;
            } catch (InputPrefetch.NotInline e) {
                LOG.warn("{}: {}; reporting the failure", key, e.getMessage());
                return reportFailure(entry, e.getMessage(), soon);
            }
            if (response.getState() == ExecutionState.FAILED) {
                return reportFailure(entry, response.getError(), soon);
            }
            known = Optional.of(store.recordResult(new ResultEntry(key, response.getDigest(),
                    response.getValue().toByteArray(), response.getUnit(), Instant.now(),
                    subtask.getCollaborative() ? Manifests.json(response.getManifestList()) : null)));
            CrashPoints.reach(CrashPoints.Point.COMPUTED);
        }
        return submit(entry, subtask.getCollaborative(), known.get(), soon);
    }

    private Outcome submit(TaskEntry entry, boolean collaborative, ResultEntry result, ResultBatches.Coming soon) {
        TaskKey key = entry.key();
        String inline = inlineValue(result.value());
        long sent = System.nanoTime();
        try {
            ChainClient.Committed tx = soon != null
                    ? soon.submit(ResultBatches.Entry.result(key, result.digest(), inline,
                            collaborative ? manifestOf(result) : null))
                    : collaborative
                    ? tasks.submitCollaborativeResult(key.taskId(), key.subtaskId(), key.attempt(),
                            result.digest(), inline, manifestOf(result))
                    : tasks.submitResult(key.taskId(), key.subtaskId(), key.attempt(), result.digest(), inline);
            metrics.submitted(tx.conflicts(), System.nanoTime() - sent);
            store.complete(key);
            metrics.completed(entry.createdAt());
            return Outcome.DONE;
        } catch (ChainException e) {
            return settle(entry, "result", e);
        }
    }

    private Outcome reportFailure(TaskEntry entry, String reason, ResultBatches.Coming soon) {
        TaskKey key = entry.key();
        try {
            if (soon != null) {
                soon.submit(ResultBatches.Entry.failure(key, FailureReason.fit(reason)));
            } else {
                tasks.reportFailure(key.taskId(), key.subtaskId(), key.attempt(), FailureReason.fit(reason));
            }
            store.complete(key);
            metrics.failed(entry.createdAt());
            return Outcome.DONE;
        } catch (ChainException e) {
            return settle(entry, "failure report", e);
        }
    }

    /**
     * The chain refused. The entry is dropped only when the refusal is final by the
     * gateway's own view ({@link Refusals}): ALREADY_EXISTS (ours landed earlier), or
     * NOT_FOUND / CONFLICT confirmed by the own peer past the block the work came from.
     * While endorsers are behind, the entry stays and is retried with backoff.
     */
    private Outcome settle(TaskEntry entry, String what, ChainException e) {
        TaskKey key = entry.key();
        Refusals.Verdict verdict = refusals.judge(key, entry.blockNumber(), e);
        switch (verdict.kind()) {
            case SETTLED -> {
                LOG.info("{}: {} refused with {} and {}; dropping it from the task list", key, what, e.code(),
                        verdict.why());
                store.complete(key);
                return Outcome.DONE;
            }
            case BEHIND -> {
                metrics.behind();
                LOG.info("{}: {} refused with {} ({}), but {}; will retry", key, what, e.code(), e.reason(),
                        verdict.why());
                return Outcome.BEHIND;
            }
            case PERMANENT -> {
                LOG.warn("{}: {} refused with {} ({}); {}", key, what, e.code(), e.reason(), verdict.why());
                lastRefusal.put(key, what + " refused: " + e.reason());
                return Outcome.REFUSED;
            }
            default -> {
                LOG.warn("{}: submission failed ({}); will retry", key, e.getMessage());
                return Outcome.RETRY;
            }
        }
    }

    /** Why the entry's last {@link Outcome#REFUSED} run was refused (and forgets it). */
    String takeRefusal(TaskKey key) {
        String why = lastRefusal.remove(key);
        return why == null ? "refused" : why;
    }

    private static String manifestOf(ResultEntry result) {
        return result.manifestJson() == null ? "[]" : result.manifestJson();
    }

    private static String inlineValue(byte[] value) {
        return dev.weft.gateway.engine.InlineValues.inline(value);
    }
}
