package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.EngineException.Reason;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.exchange.DelegatedUnit;
import dev.weft.gateway.engine.exchange.ExchangeSession;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.HealthResponse;
import dev.weft.proto.engine.v1.QueryResultRequest;
import dev.weft.proto.engine.v1.SendMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine framework (S0.5): hosts named {@link ComputeUnit}s, sends each
 * request to the unit that serves its operation, and keeps the execution
 * registry that makes a resend attach to, or reuse, the execution it repeats (S0.8).
 *
 * <pre>{@code
 * try (EngineFramework framework = EngineFramework.builder()
 *         .name("Org1MSP")
 *         .units(BuiltinUnits.create(BuiltinUnits.ALL, database))
 *         .build()) {
 *     ExecuteResponse response = framework.execute(request).join();
 * }
 * }</pre>
 */
public final class EngineFramework implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineFramework.class);

    private final String name;
    private final HostedUnits units;
    private final ExecutionRegistry registry;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final boolean ownsTimer;
    private final Clock clock;
    private final EngineMeters meters;
    private final ExchangeSessions exchange;

    private EngineFramework(Builder b) {
        this.exchange = new ExchangeSessions(b.name, b.exchange);
        this.name = b.name;
        this.clock = b.clock;
        this.meters = new EngineMeters(b.meters);
        this.units = new HostedUnits(b.units);
        this.registry = new ExecutionRegistry(clock, b.retention, b.maxFinished);
        meters.watch(registry);
        this.workers = EngineTimer.workers(b.workers, "weft-unit-");
        this.ownsTimer = b.timer == null;
        this.timer = b.timer != null ? b.timer : EngineTimer.create("weft-engine-timer-" + b.name);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /**
     * Runs, attaches to or reuses the execution the request names. The future
     * completes with the result, or at once with {@code RUNNING} when the request
     * is {@code detach}ed.
     *
     * @throws EngineException when the request is not run: malformed, unknown
     *     operation, unit unavailable, or the framework is stopping
     */
    public CompletableFuture<ExecuteResponse> execute(ExecuteRequest sent) {
        RequestChecks.validate(sent);
        ExecuteRequest request = exchange.withFetchedInputs(sent);
        HostedUnit hosted = units.serving(request.getOperation());
        if (hosted == null) {
            throw new EngineException(Reason.UNKNOWN_OPERATION, "engine " + name + " has no unit for operation '"
                    + request.getOperation() + "'; it serves " + units.operations());
        }
        ExecutionKey key = new ExecutionKey(request.getTaskId(), request.getSubtaskId(), request.getAttempt());
        String digest = RequestDigest.of(request);
        ExchangeSession session = request.getCollaborative() ? exchange.open(request, key,
                hosted.unit() instanceof DelegatedUnit d ? d.delegate() : null) : null;
        ExecutionRegistry.Claim claim = registry.claim(key, runs -> {
            if (!hosted.isAvailable()) {
                throw new EngineException(Reason.UNIT_UNAVAILABLE,
                        "unit " + hosted.unit().name() + " of engine " + name + " is unavailable");
            }
            return new Execution(key, hosted.unit().name(), request.getOperation(), digest, runs);
        });
        Execution execution = claim.execution();
        meters.received(request.getOperation(), claim.fresh() ? "run" : "attached", request.getSendMode());
        if (claim.fresh()) {
            if (request.getSendMode() == SendMode.RESEND) {
                LOG.info("resend of {}: no live execution here, running it (run {})", key, execution.runs());
            }
            start(hosted, UnitRequests.of(request), execution, session);
        } else {
            if (!execution.requestDigest().equals(digest)) {
                LOG.warn("refused a send of {} that differs from the execution's request (operation {} vs {})",
                        key, execution.operation(), request.getOperation());
                throw new EngineException(Reason.BAD_REQUEST, "execution " + key + " is for another request "
                        + "(operation, parameters or inputs differ); a resend must repeat the request exactly");
            }
            if (request.getSendMode() == SendMode.FIRST_SEND) {
                LOG.warn("first send of {} that this engine already has; answering from it", key);
            }
            execution.attach();
        }
        boolean reused = !claim.fresh();
        CompletableFuture<?> done = request.getDetach() || execution.finished()
                ? CompletableFuture.completedFuture(null) : execution.outcome();
        return done.thenApply(outcome -> exchange.offered(request,
                ExchangeSessions.withManifest(execution.response(reused), session)));
    }

    /** The state of an execution without starting one (S1.9 pull). */
    public ExecuteResponse queryResult(QueryResultRequest request) {
        ExecutionKey key = new ExecutionKey(request.getTaskId(), request.getSubtaskId(), request.getAttempt());
        return registry.find(key).map(e -> e.response(false))
                .orElseGet(() -> ExecuteResponse.newBuilder().setState(ExecutionState.UNKNOWN_EXECUTION).build());
    }

    /** The units, their operations, availability and execution counts. */
    public HealthResponse health() {
        return units.health(name);
    }

    /**
     * How many times the executor has run for one attempt of a subtask (0 when
     * unknown): the number tests assert "at most once per attempt" with.
     */
    public int runs(String taskId, String subtaskId, int attempt) {
        return registry.find(new ExecutionKey(taskId, subtaskId, attempt)).map(Execution::runs).orElse(0);
    }

    /**
     * Cancels one running execution (its unit is told through its cancel hooks):
     * it ends as a unit fault, and the next send runs the attempt again.
     * Returns whether it was running.
     */
    public boolean cancel(String taskId, String subtaskId, int attempt, String reason) {
        return registry.find(new ExecutionKey(taskId, subtaskId, attempt)).map(e -> e.cancel(reason)).orElse(false);
    }

    /** Executions that have no outcome yet (an asynchronous unit's waiting jobs included). */
    public int running() {
        return registry.running().size();
    }

    /** Stops the workers; executions still running end as unit faults, and their units are told. */
    @Override
    public void close() {
        for (Execution execution : registry.running()) {
            execution.cancel("stopped: engine " + name + " is stopping");
        }
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("engine {}: some units did not stop within 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Execution execution : registry.running()) {
            finish(execution, Execution.Outcome.failed("engine " + name + " stopped", true));
        }
        if (ownsTimer) {
            timer.shutdownNow();
        }
    }

    ExecutionRegistry registry() {
        return registry;
    }

    private void start(HostedUnit hosted, UnitRequest request, Execution execution, ExchangeSession session) {
        hosted.started();
        Optional<Duration> timeout = hosted.timeout();
        ExecutionCompletion completion = new ExecutionCompletion(hosted.unit().name(), execution.key(),
                timeout.map(t -> clock.instant().plus(t)).orElse(null), outcome -> finish(execution, outcome));
        execution.completion(completion);
        timeout.ifPresent(t -> {
            ScheduledFuture<?> expiry = timer.schedule(
                    () -> completion.cancel("timed out after " + t.toMillis() + " ms"), t.toMillis(), TimeUnit.MILLISECONDS);
            execution.outcome().whenComplete((o, e) -> expiry.cancel(false));
        });
        try {
            workers.execute(() -> {
                long began = System.nanoTime();
                hosted.run(request, execution, completion, session);
                execution.outcome().thenAccept(outcome -> meters.ran(hosted.unit().name(),
                        execution.operation(), outcome, System.nanoTime() - began));
            });
        } catch (RejectedExecutionException e) {
            finish(execution, Execution.Outcome.failed("engine " + name + " is stopping", true));
            throw new EngineException(Reason.ENGINE_UNAVAILABLE, "engine " + name + " is stopping", e);
        }
    }

    private void finish(Execution execution, Execution.Outcome outcome) {
        execution.finish(outcome, clock.instant(), () -> registry.finished(execution));
    }

    /** Builds an {@link EngineFramework}; only the units are required. */
    public static final class Builder {
        private String name = "weft-engine";
        private final List<ComputeUnit> units = new ArrayList<>();
        private int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Duration retention = Duration.ofHours(1);
        private int maxFinished = 10_000;
        private Clock clock = Clock.systemUTC();
        private io.micrometer.core.instrument.MeterRegistry meters = dev.weft.gateway.metrics.Metrics.none();
        private ScheduledExecutorService timer;
        private ExchangeHub exchange;

        private Builder() {
        }

        /** The organisation's exchange, through which collaborative units exchange data (S1.10). */
        public Builder exchange(ExchangeHub hub) {
            this.exchange = Objects.requireNonNull(hub, "hub");
            return this;
        }

        /** Where the engine's meters go (default: nowhere); {@code weft engine serve --admin-port} serves them. */
        public Builder meters(io.micrometer.core.instrument.MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /**
         * The scheduler for execution timeouts, shared with the units' modules; by
         * default the framework makes its own and stops it on close.
         */
        public Builder timer(ScheduledExecutorService timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder unit(ComputeUnit unit) {
            units.add(Objects.requireNonNull(unit, "unit"));
            return this;
        }

        public Builder units(List<? extends ComputeUnit> more) {
            more.forEach(this::unit);
            return this;
        }

        /** Executions that run at the same time; the rest wait their turn as RUNNING. */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1");
            }
            this.workers = workers;
            return this;
        }

        /** How long, and how many, finished executions are kept to answer resends. */
        public Builder retention(Duration retention, int maxFinished) {
            this.retention = Objects.requireNonNull(retention, "retention");
            if (maxFinished < 0) {
                throw new IllegalArgumentException("maxFinished must not be negative");
            }
            this.maxFinished = maxFinished;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public EngineFramework build() {
            if (units.isEmpty()) {
                throw new IllegalArgumentException("an engine framework needs at least one unit");
            }
            return new EngineFramework(this);
        }
    }
}
