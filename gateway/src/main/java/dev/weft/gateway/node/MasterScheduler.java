package dev.weft.gateway.node;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.MasterWork;
import dev.weft.gateway.cluster.StandbyFollower;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.scheduler.Scheduler;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.scheduler.SchedulerMetrics;
import dev.weft.gateway.store.GatewayStore;

/**
 * The scheduler as a cluster master's work: started at each takeover (recovery included),
 * closed on step-down; while another member is master, a standby follower keeps the
 * scheduler's checkpoint current (S4.1 hot standby).
 */
final class MasterScheduler implements MasterWork, AutoCloseable {
    private final SchedulerConfig config;
    private final Long fixedStart;
    private final ChainClient chain;
    private final GatewayStore store;
    private final EngineDirectory engines;
    private final SchedulerMetrics metrics;
    private Scheduler running;
    private StandbyFollower standby;
    private boolean closed;

    /** {@code fixedStart}: the configured start block, or null for the chain's height at each start. */
    MasterScheduler(SchedulerConfig config, Long fixedStart, ChainClient chain, GatewayStore store,
            EngineDirectory engines, SchedulerMetrics metrics) {
        this.config = config;
        this.fixedStart = fixedStart;
        this.chain = chain;
        this.store = store;
        this.engines = engines;
        this.metrics = metrics;
        follow();
    }

    @Override
    public synchronized void start(long epoch) {
        if (standby != null) {
            standby.close();
            standby = null;
        }
        if (running == null && !closed) {
            // Without a checkpoint of its own (or --start-block), a new master reads events from now on:
            // what became ready before comes from the chain's pending index in the scheduler's recovery.
            SchedulerConfig now = config.toBuilder().startBlock(startBlock()).build();
            running = Scheduler.start(now, chain, store, engines, metrics);
        }
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
        if (!closed) {
            follow();
        }
    }

    /** After the member has stepped down for good: neither the scheduler nor the standby runs. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
        if (standby != null) {
            standby.close();
            standby = null;
        }
    }

    private void follow() {
        if (standby == null) {
            standby = StandbyFollower.start(chain, startBlock(), store.checkpointer(GatewayStore.TASK_EVENTS));
        }
    }

    private long startBlock() {
        return fixedStart != null ? fixedStart : chain.blockHeight();
    }
}
