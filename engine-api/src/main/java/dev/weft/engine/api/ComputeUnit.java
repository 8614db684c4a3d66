package dev.weft.engine.api;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A compute unit: the thing that does the work of a subtask (S0.5). An engine
 * framework hosts several units and sends each request to the unit that declares
 * the request's operation. A conversion module (S1.6) is a unit whose work is
 * done by a heterogeneous engine: it turns the request into the engine's own and
 * the engine's answer back into a result.
 *
 * <p>A unit implements exactly one of two methods:
 * <ul>
 *   <li>{@link #execute(UnitRequest)}: synchronous; runs on a worker thread, may block;
 *   <li>{@link #start(UnitRequest, UnitCompletion)}: asynchronous; starts the work,
 *       returns at once and completes the {@link UnitCompletion} later from any thread
 *       (a callback, a poll, a process exit), so that a waiting execution holds no
 *       thread.
 * </ul>
 *
 * <pre>{@code
 * final class UpperUnit implements ComputeUnit {
 *     public String name() { return "upper"; }
 *     public Set<String> operations() { return Set.of("upper"); }
 *     public byte[] execute(UnitRequest request) throws UnitException {
 *         return request.requireParameter("text").toUpperCase(Locale.ROOT).getBytes(UTF_8);
 *     }
 * }
 * }</pre>
 *
 * <p>How an execution ends decides what the scheduler does with it:
 * <ul>
 *   <li>bytes returned: the result ({@code SUCCEEDED}); the framework computes its digest;
 *   <li>{@link UnitException}: the task's input is wrong; the same request would fail
 *       again anywhere, so the failure is the result ({@code FAILED});
 *   <li>{@link UnitFault} or any other exception, or the {@link #timeout()} passing:
 *       the unit itself failed (S0.9): {@code FAILED} with {@code unit_fault}, and the
 *       scheduler sends the subtask again, to this or another unit.
 * </ul>
 * Units must be deterministic: the same request gives the same bytes, so that
 * every participating organisation submits the same digest.
 */
public interface ComputeUnit {

    /** Name of the unit, unique in its framework. */
    String name();

    /** The operations (capabilities) this unit serves. */
    Set<String> operations();

    /** Whether the unit can take work now (S0.10); an unavailable unit gets none. */
    default boolean available() {
        return true;
    }

    /**
     * How long one execution may take before the framework ends it as a unit fault
     * and runs its {@link UnitCompletion#onCancel cancel hooks}; empty: no limit.
     */
    default Optional<Duration> timeout() {
        return Optional.empty();
    }

    /** Runs one execution synchronously. Called on a worker thread; may block. */
    default byte[] execute(UnitRequest request) throws Exception {
        throw new UnsupportedOperationException("unit " + name() + " implements neither execute nor start");
    }

    /**
     * Starts one execution and arranges for {@code completion} to be completed,
     * now or later, from any thread. Called on a worker thread, which the unit
     * should give back quickly when it waits for a remote engine. An exception
     * thrown here completes the execution as {@link #execute} would. The default
     * runs {@link #execute} on the calling thread.
     */
    default void start(UnitRequest request, UnitCompletion completion) throws Exception {
        completion.succeed(execute(request));
    }
}
