package dev.weft.gateway.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An engine framework as the service center sees it: where to reach it, its
 * status and its units' (S0.10). A framework that is down makes all its units
 * unavailable; a unit that is down leaves the framework and its other units alone.
 *
 * <pre>{@code
 * for (FrameworkService f : center.list().frameworks()) {
 *     if (f.serves("sum")) { EngineClient c = connect(f.endpoint()); ... }
 * }
 * }</pre>
 *
 * @param name unique framework name
 * @param endpoint host:port of its ComputeEngine service
 * @param status AVAILABLE or UNAVAILABLE
 * @param why why it is unavailable; empty when available
 * @param units its units; all UNAVAILABLE when the framework is
 * @param lastHeartbeat the last heartbeat or registration
 * @param revision the center's revision of this framework's last change
 */
public record FrameworkService(String name, String endpoint, ServiceStatus status, String why,
        List<UnitService> units, Instant lastHeartbeat, long revision) {

    public FrameworkService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(status, "status");
        why = status == ServiceStatus.AVAILABLE || why == null ? "" : why;
        units = List.copyOf(units);
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
    }

    public boolean available() {
        return status == ServiceStatus.AVAILABLE;
    }

    public Optional<UnitService> unit(String unitName) {
        return units.stream().filter(u -> u.name().equals(unitName)).findFirst();
    }

    /** The operations that its available units serve; none when the framework is down. */
    public Set<String> availableOperations() {
        TreeSet<String> ops = new TreeSet<>();
        if (available()) {
            units.stream().filter(UnitService::available).forEach(u -> ops.addAll(u.operations()));
        }
        return Collections.unmodifiableSortedSet(ops);
    }

    /** Whether the framework and one of its units that serves {@code operation} are available. */
    public boolean serves(String operation) {
        return availableOperations().contains(operation);
    }
}
