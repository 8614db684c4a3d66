package dev.weft.gateway.store;

import static dev.weft.gateway.store.Fixtures.T0;
import static dev.weft.gateway.store.Fixtures.entry;
import static dev.weft.gateway.store.Fixtures.event;
import static dev.weft.gateway.store.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Dead letters (poison events set aside) and the write statistics. */
abstract class DeadLetterContract extends StoreContract {

    private DeadLetter letter(long block, String txId) {
        return DeadLetter.of(event(block, txId), "IllegalArgumentException: bad payload", 3, T0);
    }

    @Test
    @DisplayName("S0.3 a poison event is set aside with an id and its exact payload, and survives a restart")
    void deadLettersAreKept() {
        DeadLetter first = store.deadLetter(letter(4, "tx4"));
        DeadLetter second = store.deadLetter(letter(5, "tx5"));

        assertThat(first.id()).isPositive();
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(first.payload()).isEqualTo(event(4, "tx4").getPayload());
        assertThat(reopen().deadLetters()).containsExactly(first, second);
    }

    @Test
    @DisplayName("S0.3 a dead letter is taken for replay exactly once, even by racing callers")
    void takeOnce() throws Exception {
        DeadLetter stored = store.deadLetter(letter(4, "tx4"));
        DeadLetter other = store.deadLetter(letter(5, "tx5"));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<DeadLetter>>> takes = new ArrayList<>();
            Callable<Optional<DeadLetter>> take = () -> store.takeDeadLetter(stored.id());
            for (int i = 0; i < 4; i++) {
                takes.add(pool.submit(take));
            }
            List<DeadLetter> taken = new ArrayList<>();
            for (Future<Optional<DeadLetter>> future : takes) {
                future.get().ifPresent(taken::add);
            }
            assertThat(taken).containsExactly(stored);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.takeDeadLetter(stored.id())).isEmpty();
        assertThat(store.deadLetters()).containsExactly(other);
    }

    @Test
    @DisplayName("store stats count every write and its time, and no reads")
    void statsCountWrites() {
        StoreStats before = store.stats();
        store.recordTasks(List.of(entry("a", 1)), event(1, "tx1"));
        store.markResend(key("a"));
        store.recordResult(Fixtures.result(key("a"), new byte[] {1}, T0));
        store.complete(key("a"));
        store.taskList();
        store.resultList();

        StoreStats delta = store.stats().minus(before);
        assertThat(delta.writes()).isEqualTo(4);
        assertThat(delta.writeNanos()).isPositive();
        assertThat(delta.meanWriteNanos()).isPositive();
    }
}
