package dev.weft.gateway.chain;

import static dev.weft.gateway.chain.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The gateway's one event stream: dispatch by name, slot order, holds and floors (issue 10 item 2). */
class EventHubTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private EventStream.Handler recorder(String who) {
        return e -> seen.add(who + ":" + e.getTransactionId());
    }

    /** Dispatches on another thread, as the stream's own thread would while the test goes on. */
    private static CompletableFuture<Void> dispatchAsync(EventHub.Builder hub, ChaincodeEvent event) {
        return CompletableFuture.runAsync(() -> {
            try {
                hub.dispatch(event);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    @DisplayName("an event goes to every consumer whose prefix it matches, in the order they were added")
    void dispatchByName() throws Exception {
        EventHub.Builder hub = EventHub.builder().on("weft.gov.", recorder("gov")).on("weft.task", recorder("task"))
                .on("weft.", recorder("all"));
        hub.dispatch(event(1, "t1", "weft.task"));
        hub.dispatch(event(1, "g1", "weft.gov.vote"));
        hub.dispatch(event(2, "c1", "weft.cluster.master"));
        hub.dispatch(event(2, "x1", "other"));
        assertThat(seen).containsExactly("task:t1", "all:t1", "gov:g1", "all:g1", "all:c1");
    }

    @Test
    @DisplayName("S0.3 a slot is served after every plain consumer of the event, whatever the order added")
    void slotLast() throws Exception {
        EventHub.Builder hub = EventHub.builder();
        EventHub.Slot intake = hub.slot("weft.task", EventFloor.NONE, false);
        hub.on("weft.task", recorder("reporter"));
        intake.attach(recorder("intake"));
        hub.dispatch(event(1, "t1"));
        assertThat(seen).containsExactly("reporter:t1", "intake:t1");
    }

    @Test
    @DisplayName("S4.1 an empty slot lets its events pass; a detached one again, and a detach ends a hold")
    void emptySlotPasses() throws Exception {
        EventHub.Builder hub = EventHub.builder();
        EventHub.Slot intake = hub.slot("weft.task", EventFloor.NONE, false);
        hub.dispatch(event(1, "t1"));
        intake.attach(recorder("intake"));
        hub.dispatch(event(2, "t2"));
        intake.detach();
        hub.dispatch(event(3, "t3"));
        intake.hold();
        intake.detach();
        assertThat(intake.held()).isFalse();
        hub.dispatch(event(4, "t4"));
        assertThat(seen).containsExactly("intake:t2");
    }

    @Test
    @DisplayName("S4.1 a held slot stops the stream at its next event until a handler attaches; nothing passes unseen")
    void heldSlotWaits() throws Exception {
        EventHub.Builder hub = EventHub.builder().on("weft.gov.", recorder("gov"));
        EventHub.Slot intake = hub.slot("weft.task", EventFloor.NONE, false);
        intake.hold();
        hub.dispatch(event(1, "g1", "weft.gov.vote"));
        assertThat(seen).as("other events are not held").containsExactly("gov:g1");
        CompletableFuture<Void> delivery = dispatchAsync(hub, event(2, "t2"));
        Thread.sleep(300);
        assertThat(delivery).as("the stream waits at the held slot").isNotDone();
        assertThat(intake.held()).isTrue();
        intake.attach(recorder("intake"));
        delivery.get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("gov:g1", "intake:t2");
        assertThat(intake.held()).isFalse();
    }

    @Test
    @DisplayName("S0.1 detaching waits for the event its handler is handling, and it gets none after")
    void detachWaitsForHandling() throws Exception {
        EventHub.Builder hub = EventHub.builder();
        EventHub.Slot intake = hub.slot("weft.task", EventFloor.NONE, false);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        intake.attach(e -> {
            inside.countDown();
            finish.await();
            seen.add("intake:" + e.getTransactionId());
        });
        CompletableFuture<Void> delivery = dispatchAsync(hub, event(1, "t1"));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> detach = CompletableFuture.runAsync(intake::detach);
        Thread.sleep(200);
        assertThat(detach).as("detach waits for the handler").isNotDone();
        finish.countDown();
        detach.get(5, TimeUnit.SECONDS);
        delivery.get(5, TimeUnit.SECONDS);
        hub.dispatch(event(2, "t2"));
        assertThat(seen).containsExactly("intake:t1");
    }

    @Test
    @DisplayName("S0.3 a slot's floor keeps from its handler what it handled on its former stream")
    void floorUnderSlot() throws Exception {
        EventHub.Builder hub = EventHub.builder().on("weft.task", recorder("reporter"));
        EventHub.Slot intake = hub.slot("weft.task", EventFloor.at(5, "t5b"), true);
        intake.attach(recorder("intake"));
        hub.dispatch(event(4, "t4"));
        hub.dispatch(event(5, "t5a"));
        hub.dispatch(event(5, "t5b"));
        hub.dispatch(event(5, "t5c"));
        hub.dispatch(event(6, "t6"));
        assertThat(seen).containsExactly("reporter:t4", "reporter:t5a", "reporter:t5b", "reporter:t5c",
                "intake:t5c", "reporter:t6", "intake:t6");
    }
}
