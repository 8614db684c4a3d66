package dev.weft.gateway.registry;

import dev.weft.gateway.chain.RetryPolicy;
import dev.weft.gateway.engine.EngineFramework;
import dev.weft.proto.engine.v1.HealthResponse;
import dev.weft.proto.engine.v1.UnitStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine framework's membership in the service center: registers it and its
 * units (retrying until the center answers), heartbeats with every unit's
 * availability, sends an exception notice the moment a unit becomes unavailable
 * (S0.9), registers again when the center has forgotten it, and deregisters on
 * {@link #close()}.
 *
 * <pre>{@code
 * try (EngineRegistration membership = EngineRegistration.start(registryClient, server.framework(),
 *         "127.0.0.1:" + server.port())) {
 *     server.blockUntilShutdown();
 * }
 * }</pre>
 */
public final class EngineRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineRegistration.class);
    private static final RetryPolicy REGISTER_RETRY = new RetryPolicy(Integer.MAX_VALUE, 200, 5_000);
    /** How often unit availability is checked, so that notices go out promptly. */
    static final Duration CHECK_EVERY = Duration.ofMillis(250);

    private final RegistryClient client;
    private final String framework;
    private final String endpoint;
    private final Supplier<HealthResponse> health;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weft-engine-registration");
        t.setDaemon(true);
        return t;
    });
    // touched only by the timer thread, and by close() after the timer stopped
    private volatile String session;
    private Duration interval = Duration.ofSeconds(2);
    private long lastBeat;
    private long nextRegister;
    private int registerFailures;
    private boolean heartbeatFailing;
    private Map<String, Boolean> lastSeen = Map.of();

    private EngineRegistration(RegistryClient client, String framework, String endpoint,
            Supplier<HealthResponse> health) {
        this.client = Objects.requireNonNull(client, "client");
        this.framework = Objects.requireNonNull(framework, "framework");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.health = Objects.requireNonNull(health, "health");
    }

    /** Registers {@code framework}, reachable at {@code endpoint}, and keeps it registered. */
    public static EngineRegistration start(RegistryClient client, EngineFramework framework, String endpoint) {
        return start(client, framework.name(), endpoint, framework::health);
    }

    /** The same for any framework whose units {@code health} reports; a throwing supplier skips a heartbeat. */
    public static EngineRegistration start(RegistryClient client, String framework, String endpoint,
            Supplier<HealthResponse> health) {
        EngineRegistration r = new EngineRegistration(client, framework, endpoint, health);
        r.timer.execute(r::tick);
        return r;
    }

    /** Whether the center currently holds this registration (as far as the last answer says). */
    public boolean registered() {
        return session != null;
    }

    /** Stops heartbeating and deregisters (best effort): the framework leaves on purpose. Idempotent. */
    @Override
    public synchronized void close() {
        // an interrupted caller (a stopping command) still gets its deregistration out
        boolean interrupted = Thread.interrupted();
        try {
            halt();
            String s = session;
            if (s != null) {
                try {
                    client.deregister(framework, s, "engine stopping");
                    LOG.info("framework {} deregistered from the service center", framework);
                } catch (RegistryException e) {
                    LOG.warn("framework {} could not deregister ({}); the center will time it out", framework,
                            e.getMessage());
                }
                session = null;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops heartbeating without a word, as a crashed process would. */
    void halt() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.warn("framework {}: registration step failed", framework, e);
        }
        long next = Math.max(10, Math.min(CHECK_EVERY.toMillis(), interval.toMillis() / 2));
        try {
            timer.schedule(this::tick, next, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // halted
        }
    }

    private void step() {
        HealthResponse now;
        try {
            now = health.get();
        } catch (RuntimeException e) {
            LOG.debug("framework {} cannot report its health ({}); no heartbeat", framework, e.toString());
            return;
        }
        Map<String, Boolean> seen = new HashMap<>();
        now.getUnitsList().forEach(u -> seen.put(u.getName(), u.getAvailable()));
        if (session == null || !seen.keySet().equals(lastSeen.keySet())) {
            register(now, seen);
            return;
        }
        boolean changed = !seen.equals(lastSeen);
        for (Map.Entry<String, Boolean> unit : seen.entrySet()) {
            if (!unit.getValue() && Boolean.TRUE.equals(lastSeen.get(unit.getKey()))) {
                notifyFault(unit.getKey());
            }
        }
        if (session != null && (changed || System.nanoTime() - lastBeat >= interval.toNanos())) {
            heartbeat(seen);
        }
        lastSeen = seen;
    }

    private void register(HealthResponse now, Map<String, Boolean> seen) {
        if (System.nanoTime() < nextRegister) {
            return;
        }
        List<UnitService> units = new ArrayList<>();
        for (UnitStatus u : now.getUnitsList()) {
            units.add(new UnitService(u.getName(), Set.copyOf(u.getOperationsList()),
                    u.getAvailable() ? ServiceStatus.AVAILABLE : ServiceStatus.UNAVAILABLE,
                    u.getAvailable() ? "" : "unavailable when registered"));
        }
        try {
            ServiceCenter.Registered r = client.register(new ServiceCenter.Registration(framework, endpoint, units));
            interval = r.heartbeatInterval().isZero() ? interval : r.heartbeatInterval();
            session = r.session();
            lastSeen = seen;
            lastBeat = System.nanoTime();
            registerFailures = 0;
            LOG.info("framework {} registered at the service center as {} (heartbeat every {} ms)", framework,
                    endpoint, interval.toMillis());
        } catch (RegistryException e) {
            registerFailures++;
            long delay = REGISTER_RETRY.delayMillis(registerFailures);
            nextRegister = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
            if (registerFailures == 1 || e.reason() != RegistryException.Reason.UNAVAILABLE) {
                LOG.warn("framework {} cannot register ({}); retrying", framework, e.getMessage());
            }
        }
    }

    private void heartbeat(Map<String, Boolean> seen) {
        List<ServiceCenter.UnitReport> reports = new ArrayList<>();
        seen.forEach((unit, up) -> reports.add(new ServiceCenter.UnitReport(unit, up,
                up ? "" : "unit " + unit + " reports itself unavailable")));
        try {
            boolean known = client.heartbeat(framework, session, reports);
            lastBeat = System.nanoTime();
            if (heartbeatFailing) {
                LOG.info("framework {}: service center reachable again", framework);
                heartbeatFailing = false;
            }
            if (!known) {
                LOG.info("framework {}: the service center does not know this registration; registering again",
                        framework);
                session = null;
            }
        } catch (RegistryException e) {
            if (!heartbeatFailing) {
                LOG.warn("framework {}: heartbeat failed ({}); still trying", framework, e.getMessage());
                heartbeatFailing = true;
            }
            lastBeat = System.nanoTime();
        }
    }

    /** S0.9: the exception notice for a unit that just went down. */
    private void notifyFault(String unit) {
        String why = "unit " + unit + " became unavailable";
        LOG.warn("framework {}: {}; notifying the service center", framework, why);
        try {
            if (!client.reportUnitFault(framework, session, unit, why)) {
                session = null;
            }
        } catch (RegistryException e) {
            LOG.warn("framework {}: fault notice for unit {} not delivered ({}); the heartbeat carries it",
                    framework, unit, e.getMessage());
        }
    }
}
