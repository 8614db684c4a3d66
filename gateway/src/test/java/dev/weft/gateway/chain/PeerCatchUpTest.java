package dev.weft.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PeerCatchUpTest {

    @Test
    @DisplayName("a NOT_FOUND from a peer behind a block this process saw committed is made again once the peer has it")
    void aPeerBehindIsWaitedFor() {
        AtomicInteger reads = new AtomicInteger();
        // the peer is at height 7 (blocks 0..6) for three reads, then commits blocks 7 and 8
        boolean again = PeerCatchUp.waitedFor(() -> reads.incrementAndGet() <= 3 ? 7 : 9, 8, Duration.ofSeconds(5),
                "task:CreateTask");
        assertThat(again).isTrue();
        assertThat(reads.get()).isEqualTo(4);
    }

    @Test
    @DisplayName("a peer already past the highest committed block refused for good: no wait, no second call")
    void aPeerPastTheMarkRefusedForGood() {
        AtomicInteger reads = new AtomicInteger();
        assertThat(PeerCatchUp.waitedFor(() -> {
            reads.incrementAndGet();
            return 12;
        }, 8, Duration.ofSeconds(5), "f")).isFalse();
        assertThat(reads.get()).isEqualTo(1);
        assertThat(PeerCatchUp.waitedFor(() -> 3, -1, Duration.ofSeconds(5), "f")).as("nothing committed yet").isFalse();
    }

    @Test
    @DisplayName("a peer that does not catch up in time, or whose height cannot be read, lets the refusal through")
    void aPeerThatStaysBehindIsNotWaitedForEver() {
        long start = System.nanoTime();
        assertThat(PeerCatchUp.waitedFor(() -> 5, 8, Duration.ofMillis(300), "f")).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(PeerCatchUp.waitedFor(() -> {
            throw new IllegalStateException("peer down");
        }, 8, Duration.ofMillis(300), "f")).isFalse();
    }

    @Test
    @DisplayName("the mark is per channel and only rises")
    void theMarkOnlyRises() {
        PeerCatchUp.committed("catch-up-test", 10);
        PeerCatchUp.committed("catch-up-test", 4);
        assertThat(PeerCatchUp.highest("catch-up-test")).isEqualTo(10);
        assertThat(PeerCatchUp.highest("catch-up-other")).isEqualTo(-1);
    }
}
