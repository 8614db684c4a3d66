package dev.weft.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S0.10 service center: register, heartbeat, list, deregister over gRPC")
class ServiceCenterRegistrationTest {
    private final MutableClock clock = new MutableClock();
    private final TestCenter registry = new TestCenter(ServiceCenter.builder().clock(clock).build());

    @AfterEach
    void stop() {
        registry.close();
    }

    static ServiceCenter.Registration org1(String endpoint) {
        return new ServiceCenter.Registration("Org1MSP", endpoint, List.of(
                UnitService.available("sql", Set.of("sum", "count")),
                UnitService.available("sha256", Set.of("sha256"))));
    }

    @Test
    @DisplayName("S0.10 a registered framework and its units are listed AVAILABLE with their operations and a revision")
    void registeredFrameworkIsListedAvailable() {
        ServiceCenter.Registered r = registry.client.register(org1("127.0.0.1:7060"));

        ServiceChange list = registry.client.list();
        assertThat(r.session()).isNotBlank();
        assertThat(r.heartbeatInterval()).isEqualTo(registry.center.heartbeatInterval());
        assertThat(list.kind()).isEqualTo(ServiceChange.Kind.SNAPSHOT);
        assertThat(list.revision()).isEqualTo(r.revision()).isPositive();
        assertThat(list.frameworks()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("Org1MSP");
            assertThat(f.endpoint()).isEqualTo("127.0.0.1:7060");
            assertThat(f.status()).isEqualTo(ServiceStatus.AVAILABLE);
            assertThat(f.units()).extracting(UnitService::name).containsExactly("sha256", "sql");
            assertThat(f.units()).allMatch(UnitService::available);
            assertThat(f.availableOperations()).containsExactly("count", "sha256", "sum");
        });
    }

    @Test
    @DisplayName("issue 9 item 4: the service center caps its entries: a new name past the maximum is refused, "
            + "a known one still re-registers; a registration with too many units is refused")
    void entriesAreCapped() {
        try (TestCenter small = new TestCenter(ServiceCenter.builder().clock(clock).maxFrameworks(2).build())) {
            small.client.register(org1("127.0.0.1:7060"));
            small.client.register(new ServiceCenter.Registration("Org2MSP", "127.0.0.1:7070",
                    List.of(UnitService.available("sha256", Set.of("sha256")))));
            assertThatThrownBy(() -> small.client.register(new ServiceCenter.Registration("Org3MSP",
                    "127.0.0.1:7080", List.of(UnitService.available("sha256", Set.of("sha256"))))))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FULL));
            small.client.register(org1("127.0.0.1:7060"));
            assertThat(small.client.list().frameworks()).extracting(FrameworkService::name)
                    .containsExactly("Org1MSP", "Org2MSP");
        }
        List<UnitService> many = java.util.stream.IntStream.rangeClosed(0, RegistrationRules.MAX_UNITS)
                .mapToObj(i -> UnitService.available("unit" + i, Set.of("op" + i))).toList();
        assertThatThrownBy(() -> registry.client.register(new ServiceCenter.Registration("Big", "127.0.0.1:1", many)))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_REQUEST));
        assertThat(registry.client.list().frameworks()).isEmpty();
    }

    @Test
    @DisplayName("S0.7 a heartbeat of a known registration is acknowledged; an unknown one is told to register again")
    void heartbeatKnownAndUnknown() {
        ServiceCenter.Registered r = registry.client.register(org1("127.0.0.1:7060"));

        assertThat(registry.client.heartbeat("Org1MSP", r.session(), List.of())).isTrue();
        assertThat(registry.client.heartbeat("Org1MSP", "another-session", List.of())).isFalse();
        assertThat(registry.client.heartbeat("Org9MSP", r.session(), List.of())).isFalse();
    }

    @Test
    @DisplayName("S0.10 a heartbeat carries unit availability: a unit reported down is UNAVAILABLE, the rest stay")
    void heartbeatReportsUnitAvailability() {
        ServiceCenter.Registered r = registry.client.register(org1("127.0.0.1:7060"));

        registry.client.heartbeat("Org1MSP", r.session(), List.of(
                new ServiceCenter.UnitReport("sql", false, "database gone"),
                new ServiceCenter.UnitReport("sha256", true, "")));

        FrameworkService f = registry.client.list().frameworks().get(0);
        assertThat(f.status()).isEqualTo(ServiceStatus.AVAILABLE);
        assertThat(f.unit("sql")).get().extracting(UnitService::status, UnitService::why)
                .containsExactly(ServiceStatus.UNAVAILABLE, "database gone");
        assertThat(f.unit("sha256")).get().extracting(UnitService::status).isEqualTo(ServiceStatus.AVAILABLE);
        assertThat(f.availableOperations()).containsExactly("sha256");
    }

    @Test
    @DisplayName("registering again from the same endpoint replaces the registration; from another one it is refused")
    void reRegistration() {
        ServiceCenter.Registered first = registry.client.register(org1("127.0.0.1:7060"));
        ServiceCenter.Registered again = registry.client.register(org1("127.0.0.1:7060"));

        assertThat(again.session()).isNotEqualTo(first.session());
        assertThat(registry.client.heartbeat("Org1MSP", first.session(), List.of())).isFalse();
        assertThatThrownBy(() -> registry.client.register(org1("127.0.0.1:7061")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.CONFLICT);
                    assertThat(e.getMessage()).contains("127.0.0.1:7060");
                });
    }

    @Test
    @DisplayName("malformed registrations are refused as INVALID_REQUEST and change nothing")
    void malformedRegistrations() {
        List<ServiceCenter.Registration> bad = List.of(
                new ServiceCenter.Registration(" ", "127.0.0.1:1", List.of(UnitService.available("u", Set.of("x")))),
                new ServiceCenter.Registration("F", "no-port", List.of(UnitService.available("u", Set.of("x")))),
                new ServiceCenter.Registration("F", "127.0.0.1:1", List.of()),
                new ServiceCenter.Registration("F", "127.0.0.1:1", List.of(UnitService.available("u", Set.of())))
                , new ServiceCenter.Registration("F", "127.0.0.1:1", List.of(
                        UnitService.available("u", Set.of("x")), UnitService.available("u", Set.of("y")))));
        for (ServiceCenter.Registration r : bad) {
            assertThatThrownBy(() -> registry.client.register(r)).as(r.toString())
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_REQUEST));
        }
        assertThat(registry.client.list().frameworks()).isEmpty();
        assertThat(registry.client.list().revision()).isZero();
    }

    @Test
    @DisplayName("S0.10 deregistering marks the framework and all its units UNAVAILABLE; its session is no longer known")
    void deregistration() {
        ServiceCenter.Registered r = registry.client.register(org1("127.0.0.1:7060"));

        assertThat(registry.client.deregister("Org1MSP", r.session(), "maintenance")).isTrue();

        FrameworkService f = registry.client.list().frameworks().get(0);
        assertThat(f.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
        assertThat(f.why()).isEqualTo("deregistered: maintenance");
        assertThat(f.units()).allSatisfy(u -> {
            assertThat(u.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
            assertThat(u.why()).contains("Org1MSP is down");
        });
        assertThat(f.availableOperations()).isEmpty();
        assertThat(registry.client.heartbeat("Org1MSP", r.session(), List.of())).isFalse();
        assertThat(registry.client.deregister("Org1MSP", r.session(), "")).isFalse();
    }
}
