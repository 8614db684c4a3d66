package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.chain.ChainException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S4.1 a master's keepalives run on their own threads, a bounded number in flight")
class RenewalsTest {

    @Test
    @DisplayName("S4.1 a slow keepalive does not delay the next one; past three in flight a round sends none")
    void slowCommitDoesNotDelayNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch fast = new CountDownLatch(1);
        try (Renewals r = new Renewals(Renewals.MAX_IN_FLIGHT, "test-renewal")) {
            Runnable stuck = () -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            assertThat(r.submit(stuck)).isTrue();
            assertThat(r.submit(stuck)).isTrue();
            assertThat(r.submit(() -> {
                started.countDown();
                fast.countDown();
            })).isTrue();
            // the third ran to its end while the first two were still stuck in their commits
            assertThat(fast.await(10, TimeUnit.SECONDS)).isTrue();
            // its slot comes back once its thread has left the renewal
            long freed = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.inFlight() > 2 && System.nanoTime() < freed) {
                Thread.sleep(1);
            }
            assertThat(r.inFlight()).isEqualTo(2);
            assertThat(r.submit(stuck)).isTrue();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(r.inFlight()).isEqualTo(3);
            assertThat(r.submit(() -> { })).isFalse();
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(r.inFlight()).isZero();
            CountDownLatch again = new CountDownLatch(1);
            assertThat(r.submit(again::countDown)).isTrue();
            assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("S4.1 only STALE_EPOCH and NOT_MASTER from the chain depose the master; other failures only let the lease lapse")
    void whatDeposes() {
        assertThat(MasterRenewal.deposes(refusal("STALE_EPOCH"))).isTrue();
        assertThat(MasterRenewal.deposes(refusal("NOT_MASTER"))).isTrue();
        assertThat(MasterRenewal.deposes(refusal("MVCC_READ_CONFLICT"))).isFalse();
        assertThat(MasterRenewal.deposes(refusal("UNAVAILABLE"))).isFalse();
        assertThat(MasterRenewal.deposes(refusal("MASTER_ALIVE"))).isFalse();
    }

    private static ChainException refusal(String code) {
        return new ChainException(ChainException.Stage.SUBMIT, code, null, code, null);
    }
}
