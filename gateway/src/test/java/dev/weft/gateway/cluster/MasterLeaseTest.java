package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.chain.ChainException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S4.1 a master that cannot renew stops submitting by itself")
class MasterLeaseTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final MasterLease lease = new MasterLease(nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    @DisplayName("S4.1 a member that never became master sends no fenced write")
    void noLeaseNoWrite() {
        assertThat(lease.acting()).isFalse();
        assertThatThrownBy(() -> lease.epochFor("task:SubmitResult")).isInstanceOfSatisfying(ChainException.class,
                e -> assertThat(e.code()).isEqualTo("NOT_MASTER"));
        assertThat(lease.epochFor("task:CreateTask")).isEmpty();
        assertThat(lease.epochFor("cluster:Keepalive")).isEmpty();
    }

    @Test
    @DisplayName("S4.1 the master's writes carry its epoch until the lease lapses, counted from when the keepalive was sent")
    void lapsesWithoutRenewal() {
        long sent = nanos.get();
        advance(Duration.ofMillis(900));
        lease.renewed(4, sent, Duration.ofSeconds(4));
        assertThat(lease.epochFor("task:SubmitResult")).contains(4L);
        assertThat(lease.epochFor("task:ReportFailure")).contains(4L);
        advance(Duration.ofMillis(3099));
        assertThat(lease.acting()).isTrue();
        advance(Duration.ofMillis(1));
        assertThat(lease.acting()).isFalse();
        assertThatThrownBy(() -> lease.epochFor("task:SubmitResult")).isInstanceOf(ChainException.class)
                .hasMessageContaining("lapsed");
    }

    @Test
    @DisplayName("S4.1 a late renewal never shortens the lease; a paused process finds it lapsed when it resumes")
    void renewalsAndPauses() {
        lease.renewed(2, nanos.get(), Duration.ofSeconds(4));
        long older = nanos.get() - Duration.ofSeconds(3).toNanos();
        lease.renewed(2, older, Duration.ofSeconds(4));
        advance(Duration.ofSeconds(3));
        assertThat(lease.acting()).isTrue();
        advance(Duration.ofSeconds(30)); // SIGSTOP … SIGCONT: the monotonic clock kept running
        assertThat(lease.acting()).isFalse();
    }

    @Test
    @DisplayName("S4.1 when the chain names another master the lease is revoked at once")
    void revoked() {
        lease.renewed(2, nanos.get(), Duration.ofSeconds(4));
        lease.revoke();
        assertThat(lease.acting()).isFalse();
        lease.renewed(3, nanos.get(), Duration.ofSeconds(4));
        assertThat(lease.epoch()).isEqualTo(3);
        assertThat(lease.acting()).isTrue();
    }

    @Test
    @DisplayName("S4.1 a lapse holds back fenced writes without stopping the work; a renewal that commits resumes them")
    void lapseHoldsWritesOnly() {
        Duration ttl = Duration.ofSeconds(6);
        lease.renewed(5, nanos.get(), Duration.ofSeconds(5));
        advance(Duration.ofSeconds(5));
        assertThat(lease.acting()).isFalse();
        assertThat(lease.held()).isTrue();
        assertThatThrownBy(() -> lease.epochFor("task:SubmitResult")).isInstanceOf(ChainException.class);
        advance(Duration.ofSeconds(2));
        assertThat(lease.lapsedFor()).isEqualTo(Duration.ofSeconds(2));
        assertThat(lease.mustStop(ttl)).isFalse();
        lease.renewed(5, nanos.get() - Duration.ofMillis(500).toNanos(), Duration.ofSeconds(5));
        assertThat(lease.acting()).isTrue();
        assertThat(lease.lapsedFor()).isZero();
        assertThat(lease.epochFor("task:SubmitResult")).contains(5L);
    }

    @Test
    @DisplayName("S4.1 the work stops after a whole TTL lapsed, or at once when the lease is revoked")
    void stopAfterTtlOrRevocation() {
        Duration ttl = Duration.ofSeconds(6);
        lease.renewed(5, nanos.get(), Duration.ofSeconds(5));
        advance(Duration.ofSeconds(5).plus(ttl).minusMillis(1));
        assertThat(lease.mustStop(ttl)).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(lease.mustStop(ttl)).isTrue();

        MasterLease other = new MasterLease(nanos::get);
        other.renewed(2, nanos.get(), Duration.ofSeconds(5));
        assertThat(other.mustStop(ttl)).isFalse();
        other.revoke();
        assertThat(other.mustStop(ttl)).isTrue();
        assertThat(other.lapsedFor()).isZero();
    }

    @Test
    @DisplayName("S4.1 a keepalive sent before the member was deposed never brings its lease back")
    void renewalSentBeforeRevocationIgnored() {
        long sentEarly = nanos.get();
        lease.renewed(3, sentEarly, Duration.ofSeconds(5));
        advance(Duration.ofSeconds(1));
        lease.revoke();                       // a later keepalive was refused STALE_EPOCH
        assertThat(lease.renewed(3, sentEarly + 1, Duration.ofSeconds(5))).isFalse();
        assertThat(lease.held()).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(lease.renewed(4, nanos.get(), Duration.ofSeconds(5))).isTrue(); // a takeover sent afterwards
        assertThat(lease.acting()).isTrue();
        assertThat(lease.renewed(3, nanos.get(), Duration.ofSeconds(5))).isFalse(); // an older epoch
        assertThat(lease.epoch()).isEqualTo(4);
    }
}
