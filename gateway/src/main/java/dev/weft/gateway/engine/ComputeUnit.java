package dev.weft.gateway.engine;

import java.util.Set;

/**
 * A compute unit: the thing that does the work of a subtask (S0.5). An engine
 * framework hosts several units and sends each request to the unit that declares
 * the request's operation.
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
 *   <li>any other exception: the unit itself failed (S0.9): {@code FAILED} with
 *       {@code unit_fault}, and the scheduler reschedules the task.
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

    /** Runs one execution. Called on a worker thread; may block. */
    byte[] execute(UnitRequest request) throws Exception;
}
