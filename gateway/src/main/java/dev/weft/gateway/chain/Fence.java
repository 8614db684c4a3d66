package dev.weft.gateway.chain;

import java.util.Optional;

/**
 * The fencing token a cluster member sends with its writes (issue 11 item 2): the
 * master epoch it believes in, which the chaincode compares with the master table
 * in every write it makes for its organisation. A member that is not the acting
 * master refuses a fenced write here, before anything is sent.
 *
 * <pre>{@code
 * ChainClient chain = ChainClient.connect(config, RetryPolicy.DEFAULT, lease);   // lease implements Fence
 * }</pre>
 */
public interface Fence {
    /** Name of the proposal's transient field that carries the epoch (never written on chain). */
    String EPOCH_FIELD = "weft.epoch";

    /** A gateway that is not a cluster member: nothing to send, nothing refused. */
    Fence NONE = function -> Optional.empty();

    /**
     * The epoch to send with {@code function} (e.g. {@code task:SubmitResult}), or empty
     * to send none; throws a {@link ChainException} with code {@code NOT_MASTER} to
     * refuse the call locally.
     */
    Optional<Long> epochFor(String function);
}
