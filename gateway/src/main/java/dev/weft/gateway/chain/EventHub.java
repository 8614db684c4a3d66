package dev.weft.gateway.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;

/**
 * One event stream shared by a gateway's consumers, dispatched by event name, with
 * one durable checkpoint: an event goes to every consumer whose name prefix it
 * matches (in the order they were added), and the checkpoint passes it only once
 * each of them has handled it (a consumer that fails is retried, and the stream
 * waits for it). Consumers must be idempotent: after a kill, events handled since
 * the last checkpoint are delivered again.
 *
 * <pre>{@code
 * EventHub hub = EventHub.builder()
 *         .on("weft.gov.", notices::onEvent)
 *         .on("weft.task", reporter::onEvent)
 *         .start(() -> chain, startBlock, store.checkpointer(GatewayStore.GATEWAY_EVENTS));
 * }</pre>
 *
 * The scheduler's intake is not one of its consumers: its checkpoint is written in
 * the same store transaction as the task-list entries it takes (see
 * {@code GatewayStore.recordTasks}), which a shared checkpoint would split.
 */
public final class EventHub implements AutoCloseable {
    private record Route(String prefix, EventStream.Handler handler) {
    }

    private final List<Route> routes;
    private final EventStream stream;

    private EventHub(List<Route> routes, Supplier<ChainClient> chain, long startBlock, Checkpointer checkpointer) {
        this.routes = List.copyOf(routes);
        this.stream = EventStream.start(chain, startBlock, checkpointer, this::dispatch);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which consumers get which events. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        /** {@code handler} gets every event whose name starts with {@code prefix}. */
        public Builder on(String prefix, EventStream.Handler handler) {
            routes.add(new Route(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(handler, "handler")));
            return this;
        }

        public boolean isEmpty() {
            return routes.isEmpty();
        }

        /** Follows the events from {@code startBlock}, or from the checkpoint when it has one. */
        public EventHub start(Supplier<ChainClient> chain, long startBlock, Checkpointer checkpointer) {
            return new EventHub(routes, chain, startBlock, checkpointer);
        }
    }

    private void dispatch(ChaincodeEvent event) throws Exception {
        for (Route r : routes) {
            if (event.getEventName().startsWith(r.prefix())) {
                r.handler().handle(event);
            }
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
