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

    /** How a run ended. */
    enum Outcome { DONE, RETRY }

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

    SubtaskRunner(String mspId, ChainClient chain, GatewayStore store, EngineDirectory engines,
            SchedulerMetrics metrics) {
        this.mspId = mspId;
        this.chain = chain;
        this.store = store;
        this.engines = engines;
        this.prefetch = new InputPrefetch(chain);
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
            }
            if (response.getState() == ExecutionState.FAILED) {
                return reportFailure(key, response.getError());
            }
            known = Optional.of(store.recordResult(new ResultEntry(key, response.getDigest(),
                    response.getValue().toByteArray(), response.getUnit(), Instant.now(), null)));
            CrashPoints.reach(CrashPoints.Point.COMPUTED);
        }
        return submit(key, known.get());
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
            ExecuteRequest request = ExecuteRequest.newBuilder()
                    .setTaskId(subtask.getTaskId()).setSubtaskId(subtask.getSubtaskId())
                    .setAttempt(subtask.getAttempt())
                    .setSendMode(mode == SendMode.RESEND ? dev.weft.proto.engine.v1.SendMode.RESEND
                            : dev.weft.proto.engine.v1.SendMode.FIRST_SEND)
                    .setOperation(subtask.getOperation()).putAllParameters(subtask.getParametersMap())
                    .addAllInputs(prefetch.inputs(subtask)).setExecutorMspId(mspId).build();
            try {
                ExecuteResponse response = executeOn(engine, request);
                metrics.executed();
                if (response.getState() == ExecutionState.FAILED && response.getUnitFault()) {
                    // S0.9: the unit went down mid-task; try another unit or engine.
                    LOG.warn("{}: unit {} failed ({}); rescheduling", entry.key(), response.getUnit(),
                            response.getError());
                    store.markResend(entry.key());
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
                .supplyAsync(() -> engine.client().execute(request), ENGINE_CALLS);
        CrashPoints.reach(CrashPoints.Point.EXECUTING);
        try {
            return call.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private Outcome submit(TaskKey key, ResultEntry result) {
        String inline = inlineValue(result.value());
        try {
            ChainClient.Committed tx = chain.submit("task:SubmitResult", key.taskId(), key.subtaskId(),
                    Integer.toString(key.attempt()), result.digest(), inline);
            metrics.submitted(tx.attempts() - 1);
            store.complete(key);
            return Outcome.DONE;
        } catch (ChainException e) {
            return settle(key, e);
        }
    }

    private Outcome reportFailure(TaskKey key, String reason) {
        String why = reason == null || reason.isBlank() ? "engine reported a failure" : reason;
        try {
            chain.submit("task:ReportFailure", key.taskId(), key.subtaskId(), Integer.toString(key.attempt()),
                    why.length() > 1000 ? why.substring(0, 1000) : why);
            store.complete(key);
            return Outcome.DONE;
        } catch (ChainException e) {
            return settle(key, e);
        }
    }

    /**
     * The chain refused: ALREADY_EXISTS means our result landed earlier (a
     * resubmission after a crash), CONFLICT or NOT_FOUND that the attempt is no
     * longer open; either way there is nothing left to do for this entry.
     */
    private Outcome settle(TaskKey key, ChainException e) {
        switch (e.code()) {
            case "ALREADY_EXISTS", "CONFLICT", "NOT_FOUND" -> {
                LOG.info("{}: chain says {} ({}); dropping it from the task list", key, e.code(), e.getMessage());
                store.complete(key);
                return Outcome.DONE;
            }
            default -> {
                LOG.warn("{}: submission failed ({}); will retry", key, e.getMessage());
                return Outcome.RETRY;
            }
        }
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
