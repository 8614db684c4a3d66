package dev.weft.gateway.registry;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A compute unit as the service center sees it: the operations it serves and
 * its service status (S0.10), with why when it is unavailable.
 *
 * <pre>{@code
 * UnitService sha = UnitService.available("sha256", Set.of("sha256"));
 * if (sha.available() && sha.operations().contains("sha256")) { ... }
 * }</pre>
 *
 * @param name unique in its framework
 * @param operations the operations (capabilities) the unit serves
 * @param status AVAILABLE or UNAVAILABLE
 * @param why why it is unavailable; empty when available
 */
public record UnitService(String name, Set<String> operations, ServiceStatus status, String why) {

    public UnitService {
        Objects.requireNonNull(name, "name");
        operations = Collections.unmodifiableSortedSet(new TreeSet<>(operations));
        Objects.requireNonNull(status, "status");
        why = status == ServiceStatus.AVAILABLE || why == null ? "" : why;
    }

    public static UnitService available(String name, Set<String> operations) {
        return new UnitService(name, operations, ServiceStatus.AVAILABLE, "");
    }

    public boolean available() {
        return status == ServiceStatus.AVAILABLE;
    }

    /** The same unit with another status. */
    public UnitService withStatus(ServiceStatus newStatus, String newWhy) {
        return new UnitService(name, operations, newStatus, newWhy);
    }
}
