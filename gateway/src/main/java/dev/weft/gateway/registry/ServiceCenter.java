package dev.weft.gateway.registry;

import dev.weft.gateway.registry.RegistryException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service center (S0.7, S0.10): engine frameworks register their units and
 * heartbeat; a framework whose heartbeats stop for {@code missedHeartbeats}
 * intervals is marked down with all its units, a unit fault notice marks just
 * that unit, and every change goes to the watchers in revision order.
 *
 * <pre>{@code
 * ServiceCenter center = ServiceCenter.builder().heartbeatInterval(Duration.ofSeconds(2)).build();
 * ServiceCenter.Registered r = center.register(new ServiceCenter.Registration("Org1MSP", "127.0.0.1:7060",
 *         List.of(UnitService.available("sha256", Set.of("sha256")))));
 * center.heartbeat("Org1MSP", r.session(), List.of());
 * try (ServiceCenter.Subscription s = center.watch(change -> LOG.info("{}", change))) { ... }
 * }</pre>
 *
 * <p>Listeners run under the center's lock, so they see changes in order; they
 * must not block.
 */
public final class ServiceCenter {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCenter.class);
    /** Frameworks a center lists at most unless told otherwise. */
    public static final int DEFAULT_MAX_FRAMEWORKS = 256;

    /** A framework's announcement: its name, where to reach it, its units. */
    public record Registration(String framework, String endpoint, List<UnitService> units) {
        public Registration {
            units = List.copyOf(units);
        }
    }

    /** What a registration gets back: its session and the heartbeat the center expects. */
    public record Registered(String session, long revision, Duration heartbeatInterval, int missedHeartbeats) {
    }

    /** One unit's availability as a heartbeat reports it. */
    public record UnitReport(String unit, boolean available, String why) {
        public UnitReport {
            Objects.requireNonNull(unit, "unit");
            why = why == null ? "" : why;
        }
    }

    /** Ends a {@link #watch}. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final Clock clock;
    private final Duration heartbeatInterval;
    private final int missedHeartbeats;
    private final Duration forgetAfter;
    private final int maxFrameworks;
    private final Map<String, FrameworkEntry> frameworks = new TreeMap<>();
    private final ServiceWatchers watchers = new ServiceWatchers();

    private ServiceCenter(Builder b) {
        this.clock = b.clock;
        this.heartbeatInterval = b.heartbeatInterval;
        this.missedHeartbeats = b.missedHeartbeats;
        this.forgetAfter = b.forgetAfter;
        this.maxFrameworks = b.maxFrameworks;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** {@link #register(Registration, String)} by a caller without certificate (in-process, plaintext). */
    public Registered register(Registration r) {
        return register(r, "");
    }

    /**
     * Registers (or re-registers) a framework and its units, all as declared.
     * The name is bound to {@code caller} (the subject of its TLS client
     * certificate) for as long as the center lists the framework.
     *
     * @throws RegistryException INVALID_REQUEST for a malformed registration,
     *     FORBIDDEN when another caller's certificate holds the name,
     *     CONFLICT when the name is taken by an available framework at another endpoint,
     *     FULL when the center already lists {@code maxFrameworks} frameworks
     */
    public synchronized Registered register(Registration r, String caller) {
        RegistrationRules.validate(r);
        Objects.requireNonNull(caller, "caller");
        FrameworkEntry existing = frameworks.get(r.framework());
        if (existing != null && !existing.owner.equals(caller)) {
            LOG.warn("refused registration of framework {} by '{}': the name belongs to '{}'", r.framework(),
                    caller, existing.owner);
            throw new RegistryException(Reason.FORBIDDEN, "framework name " + r.framework()
                    + " is registered with another certificate");
        }
        if (existing != null && existing.available() && !existing.endpoint.equals(r.endpoint())) {
            throw new RegistryException(Reason.CONFLICT, "framework " + r.framework() + " is registered from "
                    + existing.endpoint + "; give each engine its own name");
        }
        if (existing == null && frameworks.size() >= maxFrameworks) {
            throw new RegistryException(Reason.FULL, "the service center lists " + maxFrameworks
                    + " frameworks, its maximum");
        }
        long rev = watchers.next();
        FrameworkEntry entry = new FrameworkEntry(r.framework(), r.endpoint(), UUID.randomUUID().toString(),
                caller, r.units(), clock.instant(), rev);
        frameworks.put(r.framework(), entry);
        LOG.info("framework {} registered at {} with units {}{}", r.framework(), r.endpoint(),
                r.units().stream().map(UnitService::name).toList(), existing == null ? "" : " (again)");
        watchers.publish(new ServiceChange(rev, ServiceChange.Kind.UPDATED, List.of(entry.view())));
        return new Registered(entry.session, rev, heartbeatInterval, missedHeartbeats);
    }

    /**
     * A heartbeat with the units' availability. False when the center does not
     * know this registration (unknown, replaced, or marked down): register again.
     */
    public synchronized boolean heartbeat(String framework, String session, List<UnitReport> units) {
        FrameworkEntry entry = live(framework, session);
        if (entry == null) {
            return false;
        }
        entry.heartbeat(clock.instant());
        if (entry.report(units)) {
            changed(entry);
        }
        return true;
    }

    /** A framework leaving: it and its units become unavailable. False when not known. */
    public synchronized boolean deregister(String framework, String session, String why) {
        FrameworkEntry entry = live(framework, session);
        if (entry == null) {
            return false;
        }
        entry.down("deregistered" + (why == null || why.isBlank() ? "" : ": " + why), clock.instant());
        LOG.info("framework {} deregistered", framework);
        changed(entry);
        return true;
    }

    /** An exception notice (S0.9): only {@code unit} becomes unavailable (S0.10). False when not known. */
    public synchronized boolean reportUnitFault(String framework, String session, String unit, String why) {
        FrameworkEntry entry = live(framework, session);
        if (entry == null || !entry.hasUnit(unit)) {
            return false;
        }
        String reason = why == null || why.isBlank() ? "unit fault reported" : why;
        if (entry.fault(unit, reason)) {
            LOG.warn("unit {} of framework {} is down: {}", unit, framework, reason);
            changed(entry);
        }
        return true;
    }

    /** The revision of the last change; equal revisions mean nothing changed in between. */
    public synchronized long revision() {
        return watchers.revision();
    }

    /** Every framework and unit with its status, as a snapshot (S0.7 pull). */
    public synchronized ServiceChange list() {
        return snapshot();
    }

    /**
     * Sends {@code listener} a snapshot, then every change in revision order
     * until the subscription is closed (S0.7 push).
     */
    public synchronized Subscription watch(Consumer<ServiceChange> listener) {
        return watchers.watch(snapshot(), listener);
    }

    /**
     * Marks down the frameworks whose heartbeats stopped, and forgets those
     * down for longer than {@code forgetAfter}. The {@link RegistryServer} runs
     * it on a timer; tests with their own clock call it.
     */
    synchronized void sweep() {
        Instant now = clock.instant();
        Duration silence = heartbeatInterval.multipliedBy(missedHeartbeats);
        List<FrameworkEntry> down = new ArrayList<>();
        List<FrameworkService> forgotten = new ArrayList<>();
        for (Iterator<FrameworkEntry> it = frameworks.values().iterator(); it.hasNext(); ) {
            FrameworkEntry e = it.next();
            if (e.available() && e.lastHeartbeat().plus(silence).isBefore(now)) {
                e.down("no heartbeat for " + Duration.between(e.lastHeartbeat(), now).toMillis() + " ms", now);
                LOG.warn("framework {} marked down: no heartbeat since {}", e.name, e.lastHeartbeat());
                down.add(e);
            } else if (!e.available() && e.downSince().plus(forgetAfter).isBefore(now)) {
                it.remove();
                forgotten.add(e.view());
            }
        }
        if (!down.isEmpty()) {
            long rev = watchers.next();
            down.forEach(e -> e.changedAt(rev));
            watchers.publish(new ServiceChange(rev, ServiceChange.Kind.UPDATED,
                    down.stream().map(FrameworkEntry::view).toList()));
        }
        if (!forgotten.isEmpty()) {
            watchers.publish(new ServiceChange(watchers.next(), ServiceChange.Kind.REMOVED, forgotten));
        }
    }

    private FrameworkEntry live(String framework, String session) {
        FrameworkEntry entry = frameworks.get(framework);
        return entry != null && entry.available() && entry.owns(session) ? entry : null;
    }

    private void changed(FrameworkEntry entry) {
        long rev = watchers.next();
        entry.changedAt(rev);
        watchers.publish(new ServiceChange(rev, ServiceChange.Kind.UPDATED, List.of(entry.view())));
    }

    private ServiceChange snapshot() {
        return new ServiceChange(watchers.revision(), ServiceChange.Kind.SNAPSHOT,
                frameworks.values().stream().map(FrameworkEntry::view).toList());
    }

    /** Builds a {@link ServiceCenter}; every setting has a default. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration heartbeatInterval = Duration.ofSeconds(2);
        private int missedHeartbeats = 3;
        private Duration forgetAfter = Duration.ofHours(1);
        private int maxFrameworks = DEFAULT_MAX_FRAMEWORKS;

        private Builder() {
        }

        /** How many frameworks (available or down) the center lists at most (default 256). */
        public Builder maxFrameworks(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxFrameworks must be at least 1");
            }
            this.maxFrameworks = max;
            return this;
        }

        /** How often frameworks heartbeat (default 2 s). */
        public Builder heartbeatInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("heartbeat interval must be positive");
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /** Intervals without a heartbeat after which a framework is down (default 3). */
        public Builder missedHeartbeats(int missed) {
            if (missed < 1) {
                throw new IllegalArgumentException("missed heartbeats must be at least 1");
            }
            this.missedHeartbeats = missed;
            return this;
        }

        /** How long a down framework stays listed before it is forgotten (default 1 h). */
        public Builder forgetAfter(Duration forget) {
            this.forgetAfter = Objects.requireNonNull(forget, "forgetAfter");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ServiceCenter build() {
            return new ServiceCenter(this);
        }
    }
}
