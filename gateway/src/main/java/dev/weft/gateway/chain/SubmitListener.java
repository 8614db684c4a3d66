package dev.weft.gateway.chain;

/**
 * Told of every transaction a {@link ChainClient} has sent to the orderer, before
 * its commit is awaited. The gateway's composition root hangs its crash point there
 * (faults' {@code SUBMITTED}), so that the chain package knows nothing of fault
 * injection.
 *
 * <pre>{@code
 * ChainClient.connect(config, RetryPolicy.DEFAULT, Fence.NONE, (f, args) -> CrashPoints.reach(Point.SUBMITTED));
 * }</pre>
 */
@FunctionalInterface
public interface SubmitListener {
    /** Listens to nothing. */
    SubmitListener NONE = (function, args) -> { };

    /**
     * {@code function} (e.g. {@code task:SubmitResult}) with {@code args} went to the
     * orderer; its commit is not yet known.
     */
    void sent(String function, String... args);
}
