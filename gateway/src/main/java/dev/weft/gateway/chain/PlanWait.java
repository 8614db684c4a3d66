package dev.weft.gateway.chain;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded wait for a gateway peer's discovery to learn an endorsement plan
 * (issue 8): NO_ENDORSEMENT_PLAN is retried with backoff until the limit has
 * passed; then, and for any other failure, the failure is thrown, saying what
 * was waited for.
 */
final class PlanWait {
    private static final Logger LOG = LoggerFactory.getLogger(PlanWait.class);
    private static final RetryPolicy BACKOFF = new RetryPolicy(Integer.MAX_VALUE, 100, 2_000);

    private final ConnectionConfig config;
    private final ChainClient.Target target;
    private final String function;
    private final Duration limit;
    private final long start = System.nanoTime();
    private int tries;

    PlanWait(ConnectionConfig config, ChainClient.Target target, String function, Duration limit) {
        this.config = config;
        this.target = target;
        this.function = function;
        this.limit = limit;
    }

    /** Pauses when {@code e} is NO_ENDORSEMENT_PLAN and time is left; throws otherwise. */
    void pauseOrThrow(ChainException e) {
        if (!ChainException.NO_ENDORSEMENT_PLAN.equals(e.code())) {
            throw e;
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        String chaincode = target.chaincode() == null ? config.chaincode() : target.chaincode();
        if (waited.compareTo(limit) >= 0) {
            throw new ChainException(e.stage(), e.code(), e.transactionId(), "gave up after " + waited.toSeconds()
                    + " s waiting for the discovery service of peer " + config.peerEndpoint() + " to know peers"
                    + " that serve chaincode " + chaincode + " on channel " + config.channel() + " and satisfy"
                    + " its endorsement policy" + (target.endorsingOrgs().isEmpty() ? ""
                    : " for " + target.endorsingOrgs()) + " (" + function + "); is it committed and are its"
                    + " servers running? Last answer: " + e.getMessage(), e);
        }
        tries++;
        if (tries == 1) {
            LOG.info("{}: peer {} has no endorsement plan for {} yet; waiting up to {} s", function,
                    config.peerEndpoint(), chaincode, limit.toSeconds());
        }
        BACKOFF.pause(Math.min(tries, 6));
    }
}
