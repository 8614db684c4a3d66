package dev.weft.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The adaptive window of batch transactions (issue 16), with a sender that records what it was given. */
@DisplayName("issue 16: adaptive batches")
class AdaptiveBatchesTest {
    private final List<List<Integer>> sent = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstSending = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    /** Holds the first batch until {@link #release}; answers each item with its double, refuses 13. */
    private void send(List<Integer> items, List<CompletableFuture<Integer>> outcomes) {
        sent.add(List.copyOf(items));
        if (sent.size() == 1) {
            firstSending.countDown();
            await(release);
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == 13) {
                outcomes.get(i).completeExceptionally(new ChainException(ChainException.Stage.ENDORSE,
                        "BAD_REQUEST", "tx", "thirteen", null));
            } else {
                outcomes.get(i).complete(items.get(i) * 2);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        callers.shutdownNow();
    }

    @Test
    @DisplayName("issue 16: the first item goes alone at once; items arriving while it is in flight gather, up to the cap")
    void gathersWhileInFlight() throws Exception {
        try (AdaptiveBatches<Integer, Integer> batches = new AdaptiveBatches<>("t", 3, 1, Duration.ZERO,
                this::send)) {
            Future<Integer> first = callers.submit(() -> batches.submit(1));
            await(firstSending);
            List<Future<Integer>> later = List.of(callers.submit(() -> batches.submit(2)),
                    callers.submit(() -> batches.submit(3)), callers.submit(() -> batches.submit(4)),
                    callers.submit(() -> batches.submit(5)));
            while (queued(batches) < 4) {
                Thread.onSpinWait();
            }
            release.countDown();
            assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo(2);
            for (Future<Integer> f : later) {
                f.get(1, TimeUnit.MINUTES);
            }
            assertThat(sent.get(0)).containsExactly(1);
            assertThat(sent).hasSize(3);
            assertThat(sent.get(1)).hasSize(3);
            assertThat(sent.get(2)).hasSize(1);
            assertThat(sent.stream().flatMap(List::stream)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        }
    }

    @Test
    @DisplayName("issue 16: each item gets its own outcome; a refused item throws its code, the others in its batch return")
    void perItemOutcomes() throws Exception {
        release.countDown();
        try (AdaptiveBatches<Integer, Integer> batches = new AdaptiveBatches<>("t", 8, 1, Duration.ZERO,
                this::send)) {
            assertThat(batches.submit(21)).isEqualTo(42);
            assertThatThrownBy(() -> batches.submit(13)).isInstanceOfSatisfying(ChainException.class,
                    e -> assertThat(e.code()).isEqualTo("BAD_REQUEST"));
        }
    }

    @Test
    @DisplayName("issue 16: a batch whose transaction fails fails every item of it with that exception")
    void wholeBatchFailure() {
        try (AdaptiveBatches<Integer, Integer> batches = new AdaptiveBatches<>("t", 8, 1, Duration.ZERO,
                (items, outcomes) -> {
                    throw new ChainException(ChainException.Stage.ENDORSE, "NOT_MASTER", null, "deposed", null);
                })) {
            assertThatThrownBy(() -> batches.submit(1)).isInstanceOfSatisfying(ChainException.class,
                    e -> assertThat(e.code()).isEqualTo("NOT_MASTER"));
        }
    }

    @Test
    @DisplayName("issue 16: a free slot waits for items announced as coming, and sends them together")
    void waitsForAnnouncedItems() throws Exception {
        release.countDown();
        sent.add(List.of());
        try (AdaptiveBatches<Integer, Integer> batches = new AdaptiveBatches<>("t", 8, 1, Duration.ofMinutes(1),
                this::send)) {
            batches.expect(2);
            Future<Integer> a = callers.submit(() -> batches.submit(1));
            while (queued(batches) < 1) {
                Thread.onSpinWait();
            }
            batches.expect(-1);
            Future<Integer> b = callers.submit(() -> batches.submit(2));
            while (queued(batches) < 2) {
                Thread.onSpinWait();
            }
            batches.expect(-1);
            a.get(1, TimeUnit.MINUTES);
            b.get(1, TimeUnit.MINUTES);
            assertThat(sent.subList(1, sent.size())).containsExactly(List.of(1, 2));
        }
    }

    @Test
    @DisplayName("issue 16: with spread, a burst that finds two slots idle goes as two halves side by side; "
            + "while one slot still sends, the slot that comes free takes everything that waits")
    void spreadSplitsABurstOverIdleSlots() throws Exception {
        CountDownLatch bothSending = new CountDownLatch(2);
        List<CountDownLatch> holds = List.of(new CountDownLatch(1), new CountDownLatch(1));
        List<List<Integer>> batchesSent = new CopyOnWriteArrayList<>();
        try (AdaptiveBatches<Integer, Integer> batches = new AdaptiveBatches<>("t", 64, 2, Duration.ofMinutes(1),
                true, (items, outcomes) -> {
                    int index;
                    synchronized (batchesSent) {
                        index = batchesSent.size();
                        batchesSent.add(List.copyOf(items));
                    }
                    if (index < holds.size()) {
                        bothSending.countDown();
                        await(holds.get(index));
                    }
                    for (int i = 0; i < items.size(); i++) {
                        outcomes.get(i).complete(items.get(i));
                    }
                })) {
            batches.expect(10);
            List<Future<Integer>> burst = submitAll(batches, 0, 10);
            while (queued(batches) < 10) {
                Thread.onSpinWait();
            }
            batches.expect(-10);
            assertThat(bothSending.await(1, TimeUnit.MINUTES)).as("two batches in flight at once").isTrue();
            assertThat(batchesSent).extracting(List::size).containsExactly(5, 5);

            List<Future<Integer>> later = submitAll(batches, 10, 16);
            while (queued(batches) < 6) {
                Thread.onSpinWait();
            }
            holds.get(0).countDown();
            for (Future<Integer> f : later) {
                f.get(1, TimeUnit.MINUTES);
            }
            assertThat(batchesSent).extracting(List::size).containsExactly(5, 5, 6);
            holds.get(1).countDown();
            for (Future<Integer> f : burst) {
                f.get(1, TimeUnit.MINUTES);
            }
            assertThat(batchesSent.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 16).boxed().toList());
        }
    }

    private List<Future<Integer>> submitAll(AdaptiveBatches<Integer, Integer> batches, int from, int to) {
        List<Future<Integer>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int item = i;
            out.add(callers.submit(() -> batches.submit(item)));
        }
        return out;
    }

    private static int queued(AdaptiveBatches<?, ?> batches) {
        return batches.queued();
    }
}
