package dev.weft.gateway.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service center's mutable record of one registration. Units keep their
 * own status; while the framework is down every unit reads as unavailable
 * (S0.10), and the unit's own status shows again once the framework is back.
 * Guarded by the {@link ServiceCenter}'s lock.
 */
final class FrameworkEntry {
    final String name;
    final String endpoint;
    final String session;
    /** Subject of the certificate that registered this name; {@code ""} for none. */
    final String owner;
    private final Map<String, UnitService> units = new TreeMap<>();
    private ServiceStatus status = ServiceStatus.AVAILABLE;
    private String why = "";
    private Instant lastHeartbeat;
    private Instant downSince;
    private long revision;

    FrameworkEntry(String name, String endpoint, String session, String owner, List<UnitService> declared,
            Instant now, long revision) {
        this.name = name;
        this.endpoint = endpoint;
        this.session = session;
        this.owner = owner;
        declared.forEach(u -> units.put(u.name(), u));
        this.lastHeartbeat = now;
        this.revision = revision;
    }

    boolean available() {
        return status == ServiceStatus.AVAILABLE;
    }

    boolean owns(String otherSession) {
        return session.equals(otherSession);
    }

    boolean hasUnit(String unit) {
        return units.containsKey(unit);
    }

    Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    Instant downSince() {
        return downSince;
    }

    void heartbeat(Instant now) {
        lastHeartbeat = now;
    }

    /** Applies the units' reported availability; true when a unit's status changed. */
    boolean report(List<ServiceCenter.UnitReport> reports) {
        boolean changed = false;
        for (ServiceCenter.UnitReport r : reports) {
            UnitService unit = units.get(r.unit());
            if (unit == null || unit.available() == r.available()) {
                continue;
            }
            ServiceStatus next = r.available() ? ServiceStatus.AVAILABLE : ServiceStatus.UNAVAILABLE;
            String reason = r.why().isBlank() ? "framework reports the unit unavailable" : r.why();
            units.put(unit.name(), unit.withStatus(next, reason));
            changed = true;
        }
        return changed;
    }

    /** An exception notice: just this unit goes down (S0.9, S0.10); true when that is news. */
    boolean fault(String unit, String reason) {
        UnitService u = units.get(unit);
        if (u == null || !u.available()) {
            return false;
        }
        units.put(unit, u.withStatus(ServiceStatus.UNAVAILABLE, reason));
        return true;
    }

    /** The framework is down, and with it every unit it hosts (S0.10). */
    void down(String reason, Instant now) {
        status = ServiceStatus.UNAVAILABLE;
        why = reason;
        downSince = now;
    }

    void changedAt(long newRevision) {
        revision = newRevision;
    }

    FrameworkService view() {
        List<UnitService> shown = new ArrayList<>(units.size());
        for (UnitService u : units.values()) {
            shown.add(available() || !u.available() ? u
                    : u.withStatus(ServiceStatus.UNAVAILABLE, "framework " + name + " is down: " + why));
        }
        return new FrameworkService(name, endpoint, status, why, shown, lastHeartbeat, revision);
    }
}
