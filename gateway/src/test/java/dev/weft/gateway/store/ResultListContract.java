package dev.weft.gateway.store;

import static dev.weft.gateway.store.Fixtures.T0;
import static dev.weft.gateway.store.Fixtures.entry;
import static dev.weft.gateway.store.Fixtures.event;
import static dev.weft.gateway.store.Fixtures.key;
import static dev.weft.gateway.store.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The result list (S0.11) and completing a subtask. */
abstract class ResultListContract extends StoreContract {

    private static byte[] allByteValues() {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    @DisplayName("S0.11 a result round-trips with its exact bytes and survives a restart")
    void roundTrip() {
        ResultEntry stored = result(key("a"), allByteValues(), T0);
        assertThat(store.recordResult(stored)).isEqualTo(stored);

        assertThat(reopen().result(key("a"))).contains(stored);
        assertThat(store.result(key("a")).orElseThrow().value()).isEqualTo(allByteValues());
        assertThat(store.result(key("missing"))).isEmpty();
    }

    @Test
    @DisplayName("S0.11 an empty result value is kept as empty")
    void emptyValue() {
        store.recordResult(result(key("a"), new byte[0], T0));

        assertThat(store.result(key("a")).orElseThrow().value()).isEmpty();
    }

    @Test
    @DisplayName("S0.11 recording a result is idempotent: the first one stays")
    void firstResultWins() {
        ResultEntry first = result(key("a"), new byte[] {1, 2, 3}, T0);
        ResultEntry second = result(key("a"), new byte[] {9}, T0.plusSeconds(5));
        store.recordResult(first);

        assertThat(store.recordResult(second)).isEqualTo(first);
        assertThat(store.resultList()).containsExactly(first);
    }

    @Test
    @DisplayName("S0.11 the result list holds unconfirmed results, oldest first, across a reopen")
    void resultListAndSubmission() {
        ResultEntry newer = result(key("b"), new byte[] {2}, T0.plusSeconds(1));
        ResultEntry older = result(key("a"), new byte[] {1}, T0);
        store.recordResult(newer);
        store.recordResult(older);

        List<ResultEntry> afterRestart = reopen().resultList();
        assertThat(afterRestart).extracting(r -> r.key().taskId()).containsExactly("a", "b");
        assertThat(afterRestart).containsExactly(older, newer);
    }

    @Test
    @DisplayName("S0.1/S0.11 complete removes the task entry and its result together, and only those")
    void completeRemovesBoth() {
        store.recordTasks(List.of(entry("a", 1), entry("b", 1)), event(1, "tx1"));
        store.recordResult(result(key("a"), new byte[] {1}, T0));
        store.recordResult(result(key("b"), new byte[] {2}, T0));

        assertThat(store.complete(key("a"))).isTrue();

        assertThat(store.task(key("a"))).isEmpty();
        assertThat(store.result(key("a"))).isEmpty();
        assertThat(store.task(key("b"))).isPresent();
        assertThat(store.result(key("b"))).isPresent();
        assertThat(store.complete(key("a"))).isFalse();
    }

    @Test
    @DisplayName("S0.1 complete also clears an entry that never got a result (the chain says it is done)")
    void completeWithoutResult() {
        store.recordTasks(List.of(entry("a", 1)), event(1, "tx1"));

        assertThat(store.complete(key("a"))).isTrue();
        assertThat(reopen().taskList()).isEmpty();
    }
}
