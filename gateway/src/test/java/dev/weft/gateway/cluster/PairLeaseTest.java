package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.chain.ChainException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S3.4 a pair validator's lease: it stops submitting before its partner can be promoted")
class PairLeaseTest {

    @Test
    @DisplayName("S3.4 the lease of a beacon lapses before the chain lets the partner promote (N windows after it)")
    void leaseShorterThanPromotionBound() {
        for (int n = 1; n <= 8; n++) {
            for (int l = 2; l <= 10; l++) {
                Duration v = PairMember.leaseValidity(n, l);
                assertThat(v).isPositive().isLessThan(Duration.ofSeconds((long) n * l));
            }
        }
    }

    @Test
    @DisplayName("S3.4 a validator paused past its lease finds it lapsed on waking and sends no fenced write, "
            + "until a later beacon renews it")
    void pausedValidatorRefusesOnWaking() {
        AtomicLong now = new AtomicLong(1_000);
        MasterLease lease = new MasterLease(now::get);
        Duration validity = PairMember.leaseValidity(3, 2);
        lease.renewed(4, now.get(), validity);
        assertThat(lease.epochFor("task:SubmitResult")).contains(4L);
        assertThat(lease.epochFor("pair:Beacon")).isEmpty();
        now.addAndGet(Duration.ofSeconds(7).toNanos());   // SIGSTOP for longer than 3 windows of 2 s
        assertThat(lease.acting()).isFalse();
        assertThatThrownBy(() -> lease.epochFor("task:SubmitResult")).isInstanceOfSatisfying(ChainException.class,
                e -> assertThat(e.code()).isEqualTo("NOT_MASTER"));
        assertThat(lease.epochFor("pair:Beacon")).as("beacons are never fenced").isEmpty();
    }
}
