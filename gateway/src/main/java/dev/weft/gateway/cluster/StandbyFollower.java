package dev.weft.gateway.cluster;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.client.Checkpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standing-by member's hold on the task event stream (S4.1 hot standby): while another
 * member is master, it follows the channel's events with the same checkpoint its
 * scheduler uses, and keeps that checkpoint current. When it takes over, its scheduler
 * resumes from there, so it replays nothing of the time it stood by (a former master
 * coming back does not re-read the events of its absence); what the organisation still
 * owes comes from the chain's pending index in the scheduler's recovery, as always. The
 * stream's connection is warm when the takeover comes.
 *
 * <pre>{@code
 * StandbyFollower standby = StandbyFollower.start(chain, chain.blockHeight(),
 *         store.checkpointer(GatewayStore.TASK_EVENTS));
 * standby.close();   // before the scheduler takes the checkpoint over
 * }</pre>
 */
public final class StandbyFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyFollower.class);
    private final AtomicLong followed = new AtomicLong();
    private final EventStream stream;

    private StandbyFollower(ChainClient chain, long startBlock, Checkpointer checkpoint) {
        this.stream = EventStream.start(() -> chain, startBlock, checkpoint, e -> followed.incrementAndGet());
    }

    public static StandbyFollower start(ChainClient chain, long startBlock, Checkpointer checkpoint) {
        return new StandbyFollower(chain, startBlock, checkpoint);
    }

    /** Events followed since the start. */
    public long followed() {
        return followed.get();
    }

    @Override
    public void close() {
        stream.close();
        LOG.info("standby: followed {} events; the checkpoint is current", followed.get());
    }
}
