package dev.weft.engine.api;

import java.time.Instant;
import java.util.Optional;

/**
 * The handle an asynchronous {@link ComputeUnit} completes its execution with,
 * from any thread and at any time: on a pushed callback, after a poll, when a
 * process exits. The first completion wins; later ones return {@code false} and
 * change nothing, so a late or duplicate answer of an engine is harmless.
 *
 * <pre>{@code
 * public void start(UnitRequest request, UnitCompletion completion) {
 *     Job job = engine.submit(toEngineRequest(request));
 *     completion.onCancel(job::cancel);
 *     job.whenDone((answer, error) -> {
 *         if (error != null) completion.fault("ENGINE_UNREACHABLE", error);
 *         else completion.succeed(toResult(answer));
 *     });
 * }
 * }</pre>
 */
public interface UnitCompletion {

    /** Completes with the result bytes; the framework computes their digest. */
    boolean succeed(byte[] result);

    /** Completes with a task failure: the failure is the result (see {@link UnitException}). */
    boolean fail(UnitException failure);

    /** Completes as a unit fault (S0.9): no result, the attempt runs again elsewhere. */
    boolean fault(String code, Throwable cause);

    /**
     * Completes by classifying {@code error}: a {@link UnitException} fails the task,
     * anything else is a unit fault.
     */
    default boolean complete(Throwable error) {
        if (error instanceof UnitException failure) {
            return fail(failure);
        }
        if (error instanceof UnitFault fault) {
            return fault(fault.code(), fault);
        }
        return fault("UNIT_FAILED", error);
    }

    /** Whether the execution has its outcome (from this unit, a timeout or a cancel). */
    boolean isDone();

    /**
     * Runs {@code hook} once if the execution is cancelled before the unit completes
     * it: its timeout passed, the engine stops, or the caller gave up. Use it to
     * free what the execution holds (kill a process tree, cancel a remote job). A
     * hook added after the cancel runs at once.
     */
    void onCancel(Runnable hook);

    /** When the framework will end the execution as a timeout, if the unit has one. */
    Optional<Instant> deadline();
}
