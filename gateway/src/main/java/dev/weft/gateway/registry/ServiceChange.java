package dev.weft.gateway.registry;

import java.util.List;
import java.util.Objects;

/**
 * What the service center announces (S0.7): a snapshot of every framework
 * (the first thing a watcher gets, and what a poll returns), or the new state
 * of the frameworks that changed, or the frameworks it forgot. Revisions grow
 * by one per change, so a watcher sees changes in order.
 *
 * <pre>{@code
 * try (ServiceCenter.Subscription s = center.watch(change -> {
 *     if (change.kind() == ServiceChange.Kind.SNAPSHOT) { replaceAll(change.frameworks()); }
 *     else { change.frameworks().forEach(this::update); }
 * })) { ... }
 * }</pre>
 *
 * @param revision the center's revision after this change (of the snapshot, for a snapshot)
 * @param kind SNAPSHOT, UPDATED or REMOVED
 * @param frameworks every framework (SNAPSHOT), the changed ones (UPDATED), the forgotten ones (REMOVED)
 */
public record ServiceChange(long revision, Kind kind, List<FrameworkService> frameworks) {

    /** What a change says about the frameworks it lists. */
    public enum Kind {
        /** Every framework the center knows; those not listed are unknown to it. */
        SNAPSHOT,
        /** The listed frameworks changed: status, units or endpoint. */
        UPDATED,
        /** The listed frameworks are no longer known (down long enough to be forgotten). */
        REMOVED
    }

    public ServiceChange {
        Objects.requireNonNull(kind, "kind");
        frameworks = List.copyOf(frameworks);
    }
}
