package dev.weft.gateway.engine;

import com.google.protobuf.ByteString;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of a unit's executor for an {@link ExecutionKey}: running until its
 * outcome completes, then finished and kept for a while so that a resend can
 * be answered without running again.
 */
final class Execution {
    /** How an execution ended. */
    record Outcome(boolean succeeded, ByteString value, String digest, String error, boolean unitFault) {
        static Outcome succeeded(byte[] value) {
            return new Outcome(true, ByteString.copyFrom(value), Digests.sha256Hex(value), "", false);
        }

        static Outcome failed(String error, boolean unitFault) {
            return new Outcome(false, ByteString.EMPTY, "", error == null ? "" : error, unitFault);
        }
    }

    private final ExecutionKey key;
    private final String unit;
    private final String operation;
    private final String requestDigest;
    private final int runs;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final AtomicInteger attached = new AtomicInteger();
    private volatile Instant finishedAt;
    private volatile ExecutionCompletion completion;

    Execution(ExecutionKey key, String unit, String operation, String requestDigest, int runs) {
        this.key = key;
        this.unit = unit;
        this.operation = operation;
        this.requestDigest = requestDigest;
        this.runs = runs;
    }

    ExecutionKey key() {
        return key;
    }

    String unit() {
        return unit;
    }

    String operation() {
        return operation;
    }

    /** {@link RequestDigest} of the request that created this execution. */
    String requestDigest() {
        return requestDigest;
    }

    /** How many times the executor has run for this key, this run included. */
    int runs() {
        return runs;
    }

    /** Requests that attached to this execution instead of running it again. */
    int attached() {
        return attached.get();
    }

    void attach() {
        attached.incrementAndGet();
    }

    boolean finished() {
        return outcome.isDone();
    }

    Instant finishedAt() {
        return finishedAt;
    }

    /** A unit fault is no result: the next send runs the subtask again (S0.9). */
    boolean replaceable() {
        return outcome.isDone() && outcome.join().unitFault();
    }

    /**
     * Records the outcome; the first call wins. {@code beforeWaiters} runs first
     * (the registry's bookkeeping), so whoever the outcome wakes already sees the
     * registry as it is with this execution finished. Returns whether this call
     * finished it.
     */
    synchronized boolean finish(Outcome result, Instant now, Runnable beforeWaiters) {
        if (outcome.isDone()) {
            return false;
        }
        finishedAt = now;
        beforeWaiters.run();
        return outcome.complete(result);
    }

    void completion(ExecutionCompletion completion) {
        this.completion = completion;
    }

    /** Ends a running execution as a unit fault and tells its unit (cancel hooks); false when it had ended. */
    boolean cancel(String reason) {
        ExecutionCompletion c = completion;
        return c != null && c.cancel(reason);
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** The protocol view of this execution now. */
    ExecuteResponse response(boolean reused) {
        ExecuteResponse.Builder response = ExecuteResponse.newBuilder()
                .setUnit(unit).setReused(reused).setRuns(runs);
        if (!outcome.isDone()) {
            return response.setState(ExecutionState.RUNNING).build();
        }
        Outcome o = outcome.join();
        return response.setState(o.succeeded() ? ExecutionState.SUCCEEDED : ExecutionState.FAILED)
                .setValue(o.value()).setDigest(o.digest()).setError(o.error()).setUnitFault(o.unitFault())
                .build();
    }
}
