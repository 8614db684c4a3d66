package dev.weft.gateway.scheduler;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.engine.EngineException;
import dev.weft.gateway.faults.CrashPoints;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.ResultEntry;
import dev.weft.gateway.store.SendMode;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.task.v1.ReadySubtask;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one task-list entry to its end: execute on an available engine unless
 * the result list already has its result (S0.11), record the result, return it
 * to the chain, and remove the entry once the commit is confirmed. A failure
 * that retrying may cure leaves the entry in the list and says so.
 */
final class SubtaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SubtaskRunner.class);
    /** Largest result that rides inline on chain; larger ones stay off chain, addressed by digest. */
    static final int MAX_INLINE = 16 * 1024;

    /**
     * How a run ended: done (the entry is gone), to be retried, to be retried with
     * backoff because endorsers are behind (issue 8), or refused for a reason
     * retrying cannot cure (issue 9 item 10: the scheduler bounds those tries).
     */
    enum Outcome { DONE, RETRY, BEHIND, REFUSED }

    /** Threads that wait for engine calls: as many as calls in flight (at most the workers of the schedulers). */
    private static final java.util.concurrent.ExecutorService ENGINE_CALLS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "weft-engine-call");
                t.setDaemon(true);
                return t;
            });

    private final String mspId;
    private final ChainClient chain;
    private final GatewayStore store;
    private final EngineDirectory engines;
    private final InputPrefetch prefetch;
    private final SchedulerMetrics metrics;
    private final Refusals refusals;
    /** The last refusal that retrying cannot cure, per entry, for the dead letter. */
    private final java.util.Map<TaskKey, String> lastRefusal = new java.util.concurrent.ConcurrentHashMap<>();

    SubtaskRunner(String mspId, ChainClient chain, GatewayStore store, EngineDirectory engines,
            SchedulerMetrics metrics) {
        ChainView view = ChainView.of(chain);
        this.refusals = new Refusals(mspId, view);
        this.mspId = mspId;
        this.chain = chain;
        this.store = store;
        this.engines = engines;
        this.prefetch = new InputPrefetch(view);
        this.metrics = metrics;
    }

    Outcome run(TaskEntry entry) {
        TaskKey key = entry.key();
        Optional<ResultEntry> known = store.result(key);
        if (known.isEmpty()) {
            ReadySubtask subtask = TaskEntries.subtask(entry);
            ExecuteResponse response;
            try {
                response = execute(entry, subtask);
            } catch (NoEngine e) {
                LOG.debug("{}: {}", key, e.getMessage());
                return Outcome.RETRY;
            } catch (InputPrefetch.NotInline e) {
                LOG.warn("{}: {}; reporting the failure", key, e.getMessage());
                return reportFailure(entry, e.getMessage());
            }
            if (response.getState() == ExecutionState.FAILED) {
                return reportFailure(entry, response.getError());
            }
            known = Optional.of(store.recordResult(new ResultEntry(key, response.getDigest(),
                    response.getValue().toByteArray(), response.getUnit(), Instant.now(), null,
                    entry.collaborative() ? Manifests.json(response.getManifestList()) : null)));
            CrashPoints.reach(CrashPoints.Point.COMPUTED);
        }
        return submit(entry, known.get());
    }

    private ExecuteResponse execute(TaskEntry entry, ReadySubtask subtask) {
        Set<String> tried = new HashSet<>();
        SendMode mode = entry.sendMode();
        Optional<EngineDirectory.Engine> holder = mode == SendMode.RESEND ? holder(subtask) : Optional.empty();
        for (int sends = 1; ; sends++) {
            if (sends > 6) {
                throw new NoEngine("no engine produced a result after " + (sends - 1) + " sends");
            }
            EngineDirectory.Engine engine = sends == 1 && holder.isPresent() ? holder.get()
                    : engines.pick(subtask.getOperation(), tried)
                    .orElseThrow(() -> new NoEngine("no available engine serves " + subtask.getOperation()));
            tried.add(engine.name());
            ExecuteRequest.Builder collaboration = ExecuteRequest.newBuilder();
            if (subtask.getCollaborative()) {
                // S1.10: the engine exchanges data with the other participants' exchange services
                collaboration.setCollaborative(true)
                        .addAllParticipants(subtask.getParticipantsList().stream().sorted().toList())
                        .putAllExchangeEndpoints(Manifests.endpoints(chain));
            }
            ExecuteRequest request = collaboration
                    .setTaskId(subtask.getTaskId()).setSubtaskId(subtask.getSubtaskId())
                    .setAttempt(subtask.getAttempt())
                    .setSendMode(mode == SendMode.RESEND ? dev.weft.proto.engine.v1.SendMode.RESEND
                            : dev.weft.proto.engine.v1.SendMode.FIRST_SEND)
                    .setOperation(subtask.getOperation()).putAllParameters(subtask.getParametersMap())
                    .addAllInputs(prefetch.inputs(subtask)).setExecutorMspId(mspId).build();
            try {
                long sent = System.nanoTime();
                ExecuteResponse response;
                try {
                    response = executeOn(engine, request);
                } catch (EngineException e) {
                    metrics.engineCall(engine.name(), subtask.getOperation(), e.reason().name(),
                            System.nanoTime() - sent);
                    throw e;
                }
                metrics.engineCall(engine.name(), subtask.getOperation(), response.getState().name(),
                        System.nanoTime() - sent);
                metrics.executed();
                if (response.getState() == ExecutionState.FAILED && response.getUnitFault()) {
                    // S0.9: the unit went down mid-task; try another unit or engine.
                    LOG.warn("{}: unit {} failed ({}); rescheduling", entry.key(), response.getUnit(),
                            response.getError());
                    store.markResend(entry.key());
                    metrics.resent();
                    mode = SendMode.RESEND;
                    continue;
                }
                return response;
            } catch (EngineException e) {
                switch (e.reason()) {
                    // S0.6/S0.7: a failed send marks the framework down; reschedule elsewhere.
                    case ENGINE_UNAVAILABLE -> engines.markDown(engine.name(), e.getMessage());
                    // Still running there: resend to the same engine attaches to it (S0.8).
                    case TIMEOUT -> tried.remove(engine.name());
                    case BAD_REQUEST, INTERNAL -> {
                        return ExecuteResponse.newBuilder().setState(ExecutionState.FAILED)
                                .setError(e.reason() + ": " + e.getMessage()).build();
                    }
                    default -> LOG.warn("{}: engine {} cannot run it ({})", entry.key(), engine.name(),
                            e.getMessage());
                }
                store.markResend(entry.key());
                metrics.resent();
                mode = SendMode.RESEND;
            }
        }
    }

    /**
     * S0.8 across engines: a resend goes first to an engine that already has the
     * attempt (running, or finished with a result), so that it attaches there
     * instead of running again on another engine. QueryResult starts nothing.
     */
    private Optional<EngineDirectory.Engine> holder(ReadySubtask subtask) {
        for (EngineDirectory.Engine engine : engines.engines()) {
            if (!engine.serves(subtask.getOperation())) {
                continue;
            }
            try {
                ExecuteResponse known = engine.client().queryResult(subtask.getTaskId(), subtask.getSubtaskId(),
                        subtask.getAttempt());
                ExecutionState state = known.getState();
                if (state == ExecutionState.RUNNING || state == ExecutionState.SUCCEEDED
                        || state == ExecutionState.FAILED && !known.getUnitFault()) {
                    return Optional.of(engine);
                }
            } catch (EngineException unreachable) {
                LOG.debug("{}: engine {} cannot say whether it has it ({})", subtask.getTaskId(), engine.name(),
                        unreachable.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The engine call, on a thread of its own (not the common pool, which has one
     * thread on a two-core machine and would run every gateway's calls one at a
     * time); the crash point sits while the engine is executing.
     */
    private static ExecuteResponse executeOn(EngineDirectory.Engine engine, ExecuteRequest request) {
        java.util.concurrent.CompletableFuture<ExecuteResponse> call = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> engine.execute(request), ENGINE_CALLS);
        CrashPoints.reach(CrashPoints.Point.EXECUTING);
        try {
            return call.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private Outcome submit(TaskEntry entry, ResultEntry result) {
        TaskKey key = entry.key();
        String inline = inlineValue(result.value());
        try {
            ChainClient.Committed tx = entry.collaborative()
                    ? chain.submit("task:SubmitCollaborativeResult", key.taskId(), key.subtaskId(),
                            Integer.toString(key.attempt()), result.digest(), inline,
                            result.manifestJson() == null ? "[]" : result.manifestJson())
                    : chain.submit("task:SubmitResult", key.taskId(), key.subtaskId(),
                            Integer.toString(key.attempt()), result.digest(), inline);
            metrics.submitted(tx.attempts() - 1);
            store.complete(key);
            metrics.completed(entry.createdAt());
            return Outcome.DONE;
        } catch (ChainException e) {
            return settle(entry, "result", e);
        }
    }

    private Outcome reportFailure(TaskEntry entry, String reason) {
        TaskKey key = entry.key();
        try {
            chain.submit("task:ReportFailure", key.taskId(), key.subtaskId(), Integer.toString(key.attempt()),
                    FailureReason.fit(reason));
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

    private static String inlineValue(byte[] value) {
        if (value.length > MAX_INLINE) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException notText) {
            return "";
        }
    }

    /** No available engine serves the operation right now. */
    static final class NoEngine extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoEngine(String message) {
            super(message);
        }
    }
}
