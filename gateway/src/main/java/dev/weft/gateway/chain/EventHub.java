package dev.weft.gateway.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;

/**
 * A gateway's one event stream, dispatched by event name, with one durable checkpoint:
 * an event goes to every consumer whose name prefix it matches, in the order they were
 * added, and the checkpoint passes it only once each of them has handled it (a consumer
 * that fails is retried, and the stream waits for it). Consumers must be idempotent:
 * after a kill, events handled since the last checkpoint are delivered again.
 *
 * <p>A {@link Slot} is a consumer that comes and goes: the scheduler's intake, present only
 * while the gateway schedules (in a cluster, while this member is master). Slots are served
 * after every plain consumer of an event, so a slot's handler may write the stream's
 * checkpoint itself, in one store transaction with what it takes ({@code
 * GatewayStore.recordTasks}): everything before it has handled the event by then. While a
 * slot is empty its events pass (a standing-by member keeps the checkpoint current); while
 * it is {@linkplain Slot#hold() held}, the stream waits at its first matching event until a
 * handler is attached, so nothing passes unseen during a takeover.
 *
 * <pre>{@code
 * EventHub.Builder events = EventHub.builder()
 *         .on("weft.gov.", notices)
 *         .on("weft.task", reporter::onEvent);
 * EventHub.Slot intake = events.slot("weft.task", EventFloor.NONE, true);
 * try (EventHub hub = events.start(() -> chain, startBlock, store.checkpointer(GatewayStore.GATEWAY_EVENTS))) {
 *     intake.attach(scheduler::onEvent);
 * }
 * }</pre>
 */
public final class EventHub implements AutoCloseable {
    private record Route(String prefix, EventStream.Handler handler) {
        boolean matches(ChaincodeEvent event) {
            return event.getEventName().startsWith(prefix);
        }
    }

    private final List<Route> routes;
    private final List<Slot> slots;
    private final EventStream stream;

    private EventHub(Builder builder, Supplier<ChainClient> chain, long startBlock, Checkpointer checkpointer) {
        this.routes = List.copyOf(builder.routes);
        this.slots = List.copyOf(builder.slots);
        this.stream = EventStream.start(chain, startBlock, checkpointer, this::dispatch);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which consumers get which events. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private final List<Slot> slots = new ArrayList<>();

        private Builder() {
        }

        /** {@code handler} gets every event whose name starts with {@code prefix}. */
        public Builder on(String prefix, EventStream.Handler handler) {
            routes.add(new Route(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /**
         * A place for a consumer attached later, served after the plain ones.
         *
         * @param floor events its consumer had handled on a stream of its own before (skipped)
         * @param held whether the stream waits for a handler from the start
         */
        public Slot slot(String prefix, EventFloor floor, boolean held) {
            Slot slot = new Slot(new Route(Objects.requireNonNull(prefix, "prefix"), e -> { }),
                    Objects.requireNonNull(floor, "floor"), held);
            slots.add(slot);
            return slot;
        }

        /** Hands {@code event} to the consumers as the running hub would (for tests). */
        void dispatch(ChaincodeEvent event) throws Exception {
            EventHub.dispatch(routes, slots, event);
        }

        /** Follows the events from {@code startBlock}, or from the checkpoint when it has one. */
        public EventHub start(Supplier<ChainClient> chain, long startBlock, Checkpointer checkpointer) {
            return new EventHub(this, chain, startBlock, checkpointer);
        }
    }

    /** A consumer that comes and goes; see {@link EventHub}. */
    public static final class Slot {
        private final Route route;
        private final EventFloor floor;
        private EventStream.Handler handler;
        private boolean held;

        private Slot(Route route, EventFloor floor, boolean held) {
            this.route = route;
            this.floor = floor;
            this.held = held;
        }

        /** From now on the stream waits at this slot's next event until a handler is attached. */
        public synchronized void hold() {
            held = true;
        }

        /** {@code handler} gets this slot's events from the next one on; a hold ends. */
        public synchronized void attach(EventStream.Handler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            held = false;
            notifyAll();
        }

        /**
         * The handler gets no more events; an event it is handling is finished first. A hold ends
         * too: the slot's events pass until the next {@link #hold()} or {@link #attach}.
         */
        public synchronized void detach() {
            handler = null;
            held = false;
            notifyAll();
        }

        /** Whether the stream is waiting for a handler here, or would at the next event. */
        public synchronized boolean held() {
            return held && handler == null;
        }

        private synchronized void deliver(ChaincodeEvent event) throws Exception {
            while (handler == null && held) {
                wait();
            }
            boolean behind = floor.behind(event);
            if (handler != null && !behind) {
                handler.handle(event);
            }
        }
    }

    private void dispatch(ChaincodeEvent event) throws Exception {
        dispatch(routes, slots, event);
    }

    private static void dispatch(List<Route> routes, List<Slot> slots, ChaincodeEvent event) throws Exception {
        for (Route r : routes) {
            if (r.matches(event)) {
                r.handler().handle(event);
            }
        }
        for (Slot s : slots) {
            if (s.route.matches(event)) {
                s.deliver(event);
            }
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
