package dev.weft.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S0.7/S0.10 a framework whose heartbeats stop is marked down with all its units")
class ServiceCenterHeartbeatTimeoutTest {
    private final MutableClock clock = new MutableClock();
    private final ServiceCenter center = ServiceCenter.builder().clock(clock)
            .heartbeatInterval(Duration.ofSeconds(2)).missedHeartbeats(3).forgetAfter(Duration.ofHours(1)).build();

    private ServiceCenter.Registered register(String name) {
        return center.register(new ServiceCenter.Registration(name, "127.0.0.1:7060", List.of(
                UnitService.available("a", Set.of("sum")), UnitService.available("b", Set.of("sha256")))));
    }

    private FrameworkService framework(String name) {
        return center.list().frameworks().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("S0.10 silent for longer than 3 intervals: framework and every unit UNAVAILABLE; a heartbeating one stays")
    void silentFrameworkGoesDown() {
        register("Silent");
        ServiceCenter.Registered alive = register("Alive");
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(2));
            center.heartbeat("Alive", alive.session(), List.of());
            center.sweep();
        }

        FrameworkService silent = framework("Silent");
        assertThat(silent.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
        assertThat(silent.why()).startsWith("no heartbeat for");
        assertThat(silent.units()).allMatch(u -> u.status() == ServiceStatus.UNAVAILABLE);
        assertThat(framework("Alive").status()).isEqualTo(ServiceStatus.AVAILABLE);
        assertThat(framework("Alive").units()).allMatch(UnitService::available);
    }

    @Test
    @DisplayName("S0.7 exactly at the limit it is still up; a heartbeat after the timeout says register again, which revives it")
    void boundaryAndRevival() {
        ServiceCenter.Registered r = register("F");
        clock.advance(Duration.ofSeconds(6));
        center.sweep();
        assertThat(framework("F").available()).isTrue();

        clock.advance(Duration.ofMillis(1));
        center.sweep();
        assertThat(framework("F").available()).isFalse();
        assertThat(center.heartbeat("F", r.session(), List.of())).isFalse();

        register("F");
        assertThat(framework("F").available()).isTrue();
        assertThat(framework("F").units()).allMatch(UnitService::available);
    }

    @Test
    @DisplayName("S0.7 watchers hear the timeout as one UPDATED change; a framework down for long is REMOVED")
    void timeoutAndForgettingArePublished() {
        register("F");
        List<ServiceChange> heard = new ArrayList<>();
        center.watch(heard::add);

        clock.advance(Duration.ofSeconds(7));
        center.sweep();
        clock.advance(Duration.ofMinutes(61));
        center.sweep();

        assertThat(heard).extracting(ServiceChange::kind).containsExactly(ServiceChange.Kind.SNAPSHOT,
                ServiceChange.Kind.UPDATED, ServiceChange.Kind.REMOVED);
        assertThat(heard.get(1).frameworks()).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(ServiceStatus.UNAVAILABLE));
        assertThat(center.list().frameworks()).isEmpty();
    }

    @Test
    @DisplayName("S0.7 with a real server and short intervals, a framework that never heartbeats is eventually marked down")
    void realTimerMarksDown() {
        try (TestCenter registry = TestCenter.withHeartbeat(Duration.ofMillis(50), 3)) {
            registry.client.register(new ServiceCenter.Registration("F", "127.0.0.1:7060",
                    List.of(UnitService.available("a", Set.of("sum")))));
            assertThat(registry.client.list().frameworks().get(0).available()).isTrue();

            Eventually.until("F marked down", () -> !registry.client.list().frameworks().get(0).available());
            assertThat(registry.client.list().frameworks().get(0).units()).allMatch(u -> !u.available());
        }
    }
}
