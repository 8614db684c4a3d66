package dev.weft.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S0.7 service changes are pushed (Watch) in order, or pulled (poll)")
class ServiceCenterWatchTest {
    private final TestCenter registry = new TestCenter(ServiceCenter.builder().clock(new MutableClock()).build());

    @AfterEach
    void stop() {
        registry.close();
    }

    private static ServiceCenter.Registration framework(String name) {
        return new ServiceCenter.Registration(name, "127.0.0.1:7060", List.of(
                UnitService.available("u1", Set.of("sum")), UnitService.available("u2", Set.of("sha256"))));
    }

    private static ServiceChange next(BlockingQueue<ServiceChange> q) throws InterruptedException {
        ServiceChange c = q.poll(15, TimeUnit.SECONDS);
        assertThat(c).as("a service change arrives").isNotNull();
        return c;
    }

    @Test
    @DisplayName("S0.7 push: a snapshot first, then register, unit fault and deregistration, in revision order")
    void watchPushesChangesInOrder() throws Exception {
        ServiceCenter.Registered a = registry.client.register(framework("A"));
        BlockingQueue<ServiceChange> heard = new LinkedBlockingQueue<>();
        List<RegistryException> ended = new ArrayList<>();
        try (ServiceCenter.Subscription watch = registry.client.watch(heard::add, ended::add)) {
            ServiceChange snapshot = next(heard);
            assertThat(snapshot.kind()).isEqualTo(ServiceChange.Kind.SNAPSHOT);
            assertThat(snapshot.frameworks()).extracting(FrameworkService::name).containsExactly("A");

            registry.client.register(framework("B"));
            registry.client.reportUnitFault("A", a.session(), "u1", "crashed");
            registry.client.deregister("A", a.session(), "bye");

            ServiceChange b = next(heard);
            ServiceChange fault = next(heard);
            ServiceChange gone = next(heard);
            assertThat(List.of(snapshot, b, fault, gone)).extracting(ServiceChange::revision)
                    .containsExactly(snapshot.revision(), snapshot.revision() + 1, snapshot.revision() + 2,
                            snapshot.revision() + 3);
            assertThat(b.frameworks()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("B");
                assertThat(f.available()).isTrue();
            });
            assertThat(fault.frameworks()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("A");
                assertThat(f.available()).isTrue();
                assertThat(f.unit("u1").orElseThrow().available()).isFalse();
                assertThat(f.unit("u2").orElseThrow().available()).isTrue();
            });
            assertThat(gone.frameworks()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("A");
                assertThat(f.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
            });
            assertThat(heard).isEmpty();
        }
        assertThat(ended).isEmpty();
    }

    @Test
    @DisplayName("S0.7 push: a heartbeat that changes nothing is not a change")
    void quietHeartbeatsAreNotPushed() throws Exception {
        ServiceCenter.Registered a = registry.client.register(framework("A"));
        BlockingQueue<ServiceChange> heard = new LinkedBlockingQueue<>();
        try (ServiceCenter.Subscription watch = registry.client.watch(heard::add, e -> { })) {
            next(heard);
            registry.client.heartbeat("A", a.session(), List.of(new ServiceCenter.UnitReport("u1", true, "")));
            registry.client.reportUnitFault("A", a.session(), "u2", "down");
            ServiceChange c = next(heard);
            assertThat(c.frameworks().get(0).unit("u2").orElseThrow().available()).isFalse();
        }
    }

    @Test
    @DisplayName("S0.7 push: the feed reconnects after the center restarts, starting again with a snapshot")
    void feedReconnectsAfterRestart() throws Exception {
        registry.client.register(framework("A"));
        BlockingQueue<ServiceChange> heard = new LinkedBlockingQueue<>();
        try (ServiceFeed feed = ServiceFeed.watch(registry.client, heard::add)) {
            assertThat(next(heard).frameworks()).extracting(FrameworkService::name).containsExactly("A");

            ServiceCenter fresh = registry.restart(ServiceCenter.builder().build());
            fresh.register(framework("B"));

            ServiceChange after = next(heard);
            while (!after.frameworks().stream().anyMatch(f -> f.name().equals("B"))) {
                after = next(heard);
            }
            assertThat(after.kind()).isIn(ServiceChange.Kind.SNAPSHOT, ServiceChange.Kind.UPDATED);
            assertThat(fresh.list().frameworks()).extracting(FrameworkService::name).containsExactly("B");
        }
    }

    @Test
    @DisplayName("S0.7 pull: the feed polls snapshots that follow the center's changes")
    void feedPolls() throws Exception {
        BlockingQueue<ServiceChange> heard = new LinkedBlockingQueue<>();
        try (ServiceFeed feed = ServiceFeed.poll(registry.client, Duration.ofMillis(50), heard::add)) {
            assertThat(next(heard).frameworks()).isEmpty();
            registry.client.register(framework("A"));
            ServiceChange c = next(heard);
            while (c.frameworks().isEmpty()) {
                c = next(heard);
            }
            assertThat(c.kind()).isEqualTo(ServiceChange.Kind.SNAPSHOT);
            assertThat(c.frameworks()).extracting(FrameworkService::name).containsExactly("A");
        }
    }
}
