package dev.weft.gateway.node;

import dev.weft.gateway.chain.EventFloor;
import dev.weft.gateway.store.GatewayStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.hyperledger.fabric.client.Checkpointer;

/**
 * Where a gateway's one event stream starts in a store an earlier version wrote, which
 * kept a checkpoint per stream: the scheduler's intake its own ({@link GatewayStore#TASK_EVENTS}),
 * governance notices and consensus reports theirs. The shared stream must start at or before
 * the earliest of them, so no consumer misses an event; the idempotent consumers may see
 * some again, but the intake must not take again what it took before (a subtask finished
 * and removed would run twice), so the events up to its former checkpoint are a floor
 * under it. The former checkpoints are only read: once the shared checkpoint is past the
 * intake's, the floor is empty on every later start.
 */
final class EventStart {
    /** Checkpoints of the streams the shared one replaced, besides the intake's. */
    private static final List<String> IDEMPOTENT_FORMERS = List.of("governance-events", "consensus-reports");

    record Plan(long startBlock, EventFloor intakeFloor) {
    }

    private EventStart() {
    }

    /** {@code fallback}: where to start when the store has no checkpoint at all (a new gateway). */
    static Plan plan(GatewayStore store, long fallback) {
        Checkpointer shared = store.checkpointer(GatewayStore.GATEWAY_EVENTS);
        Checkpointer intake = store.checkpointer(GatewayStore.TASK_EVENTS);
        long start = fallback;
        for (String former : IDEMPOTENT_FORMERS) {
            OptionalLong at = store.checkpointer(former).getBlockNumber();
            if (at.isPresent()) {
                start = Math.min(start, at.getAsLong());
            }
        }
        OptionalLong t = intake.getBlockNumber();
        if (t.isEmpty()) {
            return new Plan(start, EventFloor.NONE);
        }
        long tBlock = t.getAsLong();
        Optional<String> tTx = intake.getTransactionId().filter(s -> !s.isEmpty());
        EventFloor floor = EventFloor.at(tBlock, tTx.orElse(null));
        OptionalLong g = shared.getBlockNumber();
        if (g.isEmpty()) {
            return new Plan(Math.min(start, tBlock), floor);
        }
        long gBlock = g.getAsLong();
        Optional<String> gTx = shared.getTransactionId().filter(s -> !s.isEmpty());
        if (gBlock > tBlock || gBlock == tBlock && (tTx.isEmpty() || tTx.equals(gTx))) {
            return new Plan(start, EventFloor.NONE);
        }
        if (gBlock == tBlock && gTx.isPresent()) {
            // both at a transaction of one block: which came first is unknown here, so read the block again
            try {
                shared.checkpointBlock(tBlock - 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Plan(start, floor);
    }
}
