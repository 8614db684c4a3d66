package dev.weft.gateway.scheduler;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.engine.EngineException;
import dev.weft.gateway.faults.CrashPoints;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.SendMode;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.task.v1.ReadySubtask;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets one subtask computed by an engine of the organisation (S0.5-S0.9): picks
 * an available engine that serves the operation, resends to the engine that
 * already holds the attempt (S0.8), and reschedules to another unit or engine when
 * a send fails or a unit goes down; {@link SubtaskRunner} records and returns what
 * comes back.
 */
final class EngineDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(EngineDispatch.class);

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

    EngineDispatch(String mspId, ChainClient chain, GatewayStore store, EngineDirectory engines,
            InputPrefetch prefetch, SchedulerMetrics metrics) {
        this.mspId = mspId;
        this.chain = chain;
        this.store = store;
        this.engines = engines;
        this.prefetch = prefetch;
        this.metrics = metrics;
    }

    /**
     * The engine's response for {@code subtask}: at most six sends, the first to the holder
     * of the attempt on a resend; {@link NoEngine} when none serves it now.
     */
    ExecuteResponse execute(TaskEntry entry, ReadySubtask subtask) {
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
                    .addAllInputs(prefetch.inputs(subtask)).addAllResultReaders(prefetch.readers(subtask))
                    .setExecutorMspId(mspId).build();
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

    /** No available engine serves the operation right now. */
    static final class NoEngine extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoEngine(String message) {
            super(message);
        }
    }
}
