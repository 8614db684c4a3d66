package dev.weft.gateway.node;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventHub;
import dev.weft.gateway.cluster.MasterWork;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.scheduler.Scheduler;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.scheduler.SchedulerMetrics;
import dev.weft.gateway.store.GatewayStore;

/**
 * The scheduler as a cluster master's work: started at each takeover (recovery included),
 * closed on step-down. Its intake is a slot on the gateway's one event stream: while another
 * member is master the slot is empty and the stream keeps the checkpoint current (S4.1 hot
 * standby: a member taking over replays nothing of the time it stood by; what its
 * organisation owes comes from the chain's pending index in the scheduler's recovery). At a
 * takeover the slot is held until the new scheduler's intake attaches, so no event passes
 * unseen while it starts.
 */
final class MasterScheduler implements MasterWork, AutoCloseable {
    private final SchedulerConfig config;
    private final ChainClient chain;
    private final GatewayStore store;
    private final EngineDirectory engines;
    private final SchedulerMetrics metrics;
    private final EventHub.Slot intake;
    private Scheduler running;
    private boolean closed;

    MasterScheduler(SchedulerConfig config, ChainClient chain, GatewayStore store, EngineDirectory engines,
            SchedulerMetrics metrics, EventHub.Slot intake) {
        this.config = config;
        this.chain = chain;
        this.store = store;
        this.engines = engines;
        this.metrics = metrics;
        this.intake = intake;
    }

    @Override
    public synchronized void start(long epoch) {
        if (running == null && !closed) {
            intake.hold();
            try {
                running = Scheduler.start(config, chain, store, engines, metrics, intake);
            } catch (RuntimeException | Error e) {
                intake.detach();
                throw e;
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** After the member has stepped down for good. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }
}
