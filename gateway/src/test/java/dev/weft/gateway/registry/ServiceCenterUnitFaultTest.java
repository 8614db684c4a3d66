package dev.weft.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S0.9/S0.10 a unit fault notice marks only that unit unavailable")
class ServiceCenterUnitFaultTest {
    private final TestCenter registry = new TestCenter(ServiceCenter.builder().clock(new MutableClock()).build());

    @AfterEach
    void stop() {
        registry.close();
    }

    private ServiceCenter.Registered register() {
        return registry.client.register(new ServiceCenter.Registration("Org1MSP", "127.0.0.1:7060", List.of(
                UnitService.available("sql", Set.of("sum")), UnitService.available("sha256", Set.of("sha256")))));
    }

    @Test
    @DisplayName("S0.9 the notice marks just that unit UNAVAILABLE with why; the framework and its other units stay (S0.10)")
    void faultMarksOnlyThatUnit() {
        ServiceCenter.Registered r = register();

        assertThat(registry.client.reportUnitFault("Org1MSP", r.session(), "sql", "backend connection lost")).isTrue();

        FrameworkService f = registry.client.list().frameworks().get(0);
        assertThat(f.status()).isEqualTo(ServiceStatus.AVAILABLE);
        assertThat(f.unit("sql")).get().extracting(UnitService::status, UnitService::why)
                .containsExactly(ServiceStatus.UNAVAILABLE, "backend connection lost");
        assertThat(f.unit("sha256")).get().extracting(UnitService::status).isEqualTo(ServiceStatus.AVAILABLE);
        assertThat(f.serves("sum")).isFalse();
        assertThat(f.serves("sha256")).isTrue();
    }

    @Test
    @DisplayName("S0.10 a heartbeat that reports the unit available again brings it back")
    void heartbeatRevivesUnit() {
        ServiceCenter.Registered r = register();
        registry.client.reportUnitFault("Org1MSP", r.session(), "sql", "crashed");

        registry.client.heartbeat("Org1MSP", r.session(), List.of(new ServiceCenter.UnitReport("sql", true, "")));

        assertThat(registry.client.list().frameworks().get(0).serves("sum")).isTrue();
    }

    @Test
    @DisplayName("a notice with a stale session or an unknown unit is not known and changes nothing")
    void staleNoticesAreIgnored() {
        ServiceCenter.Registered r = register();
        long before = registry.client.list().revision();

        assertThat(registry.client.reportUnitFault("Org1MSP", "stale", "sql", "x")).isFalse();
        assertThat(registry.client.reportUnitFault("Org1MSP", r.session(), "nope", "x")).isFalse();

        assertThat(registry.client.list().revision()).isEqualTo(before);
        assertThat(registry.client.list().frameworks().get(0).serves("sum")).isTrue();
    }
}
