package dev.weft.gateway.scheduler;

import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineException;
import dev.weft.gateway.registry.FrameworkService;
import dev.weft.gateway.registry.ServiceChange;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines this gateway may dispatch to and their service status (S0.10):
 * every engine (framework) and each of its units is available or not, and only
 * an available unit of an available engine gets a task.
 *
 * <p>Engines come from two places. Static ones ({@link #add}) are polled for
 * health ({@link #pollAll}, S0.7 pull). Those the service center announces
 * ({@link #apply}, fed by a watch or a poll) take their status, and their units',
 * from the center (S0.7): a framework down means all its units down, a unit fault
 * just that unit. Either kind is marked down locally when a send to it fails
 * ({@link #markDown}, S0.7); a later successful health poll brings it back.
 *
 * <pre>{@code
 * EngineDirectory engines = new EngineDirectory(endpoint -> EngineClient.builder()
 *         .endpoint(endpoint).trustedCa(ca).build());
 * engines.add("127.0.0.1:7060", staticClient);          // optional static engines
 * registryServer.center().watch(engines::apply);         // or ServiceFeed.watch(registryClient, engines::apply)
 * engines.pick("sum", Set.of()).ifPresent(e -> e.client().execute(request));
 * }</pre>
 */
public final class EngineDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineDirectory.class);

    /** A unit of an engine: its operations and whether it takes work now. */
    public record Unit(String name, Set<String> operations, boolean available, String why) {
        public Unit {
            operations = Set.copyOf(operations);
        }
    }

    /** One engine: its name, client, units and service status. */
    public static final class Engine {
        private final String name;
        private final String endpoint;
        private final EngineClient client;
        private final boolean fromRegistry;
        private volatile boolean reachable;
        private volatile boolean listed = true;
        private volatile String why = "not polled yet";
        private volatile List<Unit> units = List.of();
        /** Calls in flight to this engine, cancelled at once when it is known to be down (S0.6). */
        private final InFlightCalls inFlight;

        Engine(String name, String endpoint, EngineClient client, boolean fromRegistry) {
            this.name = name;
            this.endpoint = endpoint;
            this.client = client;
            this.fromRegistry = fromRegistry;
            this.inFlight = new InFlightCalls(name);
        }

        /** The endpoint for a static engine, the framework name for one the service center announced. */
        public String name() {
            return name;
        }

        public EngineClient client() {
            return client;
        }

        /** Whether the service center announced it (else it was added statically). */
        public boolean fromRegistry() {
            return fromRegistry;
        }

        /** Reachable and, for a registered framework, available at the service center. */
        public boolean available() {
            return reachable && listed;
        }

        /** Why it is unavailable; empty when available. */
        public String why() {
            return available() ? "" : why;
        }

        public List<Unit> units() {
            return units;
        }

        /** The operations its available units serve. */
        public Set<String> operations() {
            Set<String> ops = new TreeSet<>();
            units.stream().filter(Unit::available).forEach(u -> ops.addAll(u.operations()));
            return ops;
        }

        /**
         * Sends {@code request} and waits for the outcome, like {@code client().execute}, but
         * the call is cancelled at once when the engine is known to be down (the service
         * center says so, or a send to it failed, S0.7), instead of waiting for its deadline:
         * then it throws {@link EngineException.Reason#ENGINE_UNAVAILABLE} and the scheduler
         * sends the subtask to another engine with a matching unit (S0.6).
         */
        public ExecuteResponse execute(ExecuteRequest request) {
            return inFlight.run(() -> client.execute(request), this::available, () -> why);
        }

        /** Calls in flight to it right now. */
        public int inFlight() {
            return inFlight.size();
        }

        private void cancelInFlight() {
            inFlight.cancelAll(why);
        }

        /** Whether it is available and one of its available units serves {@code operation} (S0.10). */
        public boolean serves(String operation) {
            return available() && units.stream().anyMatch(u -> u.available() && u.operations().contains(operation));
        }
    }

    private final Map<String, Engine> engines = new LinkedHashMap<>();
    private final RetiredClients retired = new RetiredClients();
    private final AtomicInteger cursor = new AtomicInteger();
    private final Function<String, EngineClient> connector;

    /** A directory of static engines only. */
    public EngineDirectory() {
        this.connector = null;
    }

    /** A directory that also takes engines from the service center, reaching them through {@code connector}. */
    public EngineDirectory(Function<String, EngineClient> connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** Adds a static engine and polls it once. */
    public void add(String name, EngineClient client) {
        Engine engine = new Engine(name, name, client, false);
        synchronized (this) {
            engines.put(name, engine);
        }
        poll(engine);
    }

    /** An available engine serving {@code operation}, other than those excluded, round robin (S0.5). */
    public Optional<Engine> pick(String operation, Set<String> exclude) {
        List<Engine> candidates;
        synchronized (this) {
            candidates = engines.values().stream().filter(e -> e.serves(operation) && !exclude.contains(e.name))
                    .toList();
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(candidates.get(Math.floorMod(cursor.getAndIncrement(), candidates.size())));
    }

    /** A failed send: the engine is down until a health poll reaches it again (S0.7). */
    public void markDown(String name, String why) {
        Engine e;
        synchronized (this) {
            e = engines.get(name);
        }
        if (e != null && e.reachable) {
            boolean wasAvailable = e.available();
            e.reachable = false;
            e.why = why;
            LOG.warn("engine {} marked unavailable: {}", name, why);
            if (wasAvailable) {
                e.cancelInFlight();
            }
        }
    }

    /**
     * Polls health (S0.7 pull): every static engine, and each announced engine
     * that a failed send marked down while the service center still lists it.
     */
    public void pollAll() {
        for (Engine e : engines()) {
            if (!e.fromRegistry) {
                poll(e);
            } else if (!e.reachable && e.listed) {
                probe(e);
            }
        }
    }

    /** Takes a service change from the service center (S0.7 push, or a polled snapshot). */
    public void apply(ServiceChange change) {
        if (connector == null) {
            throw new IllegalStateException("this engine directory was made without a connector for announced engines");
        }
        synchronized (this) {
            Set<String> named = new HashSet<>();
            for (FrameworkService f : change.frameworks()) {
                named.add(f.name());
                if (change.kind() == ServiceChange.Kind.REMOVED) {
                    unlist(f.name(), "forgotten by the service center");
                } else {
                    upsert(f);
                }
            }
            if (change.kind() == ServiceChange.Kind.SNAPSHOT) {
                engines.values().stream().filter(e -> e.fromRegistry && !named.contains(e.name)).toList()
                        .forEach(e -> unlist(e.name, "not known to the service center"));
            }
        }
    }

    public synchronized List<Engine> engines() {
        return List.copyOf(engines.values());
    }

    @Override
    public synchronized void close() {
        engines.values().forEach(e -> e.client.close());
        retired.close();
        engines.clear();
    }

    private void upsert(FrameworkService f) {
        Engine e = engines.get(f.name());
        if (e != null && !e.fromRegistry) {
            LOG.warn("service center announces {}, the name of a static engine; ignored", f.name());
            return;
        }
        boolean wasAvailable = e != null && e.available();
        if (e == null || !e.endpoint.equals(f.endpoint())) {
            if (e != null) {
                retired.retire(e.client);
            }
            e = new Engine(f.name(), f.endpoint(), connector.apply(f.endpoint()), true);
            e.listed = false;
            engines.put(f.name(), e);
        }
        e.units = EngineUnits.fromCenter(f.units());
        if (f.available() && !e.listed) {
            e.reachable = true; // fresh news from the center overrides an older failed send
        }
        e.listed = f.available();
        e.why = f.available() ? e.why : f.why();
        if (wasAvailable != e.available()) {
            if (e.available()) {
                LOG.info("engine {} at {} available with operations {}", e.name, e.endpoint, e.operations());
            } else {
                LOG.warn("engine {} unavailable: {}", e.name, e.why);
                e.cancelInFlight();
            }
        }
    }

    private void unlist(String name, String why) {
        Engine e = engines.get(name);
        if (e != null && e.fromRegistry && e.listed) {
            e.listed = false;
            e.why = why;
            e.units = EngineUnits.unavailable(e.units, why);
            LOG.warn("engine {} unavailable: {}", name, why);
            e.cancelInFlight();
        }
    }

    private void poll(Engine e) {
        try {
            e.units = EngineUnits.fromHealth(e.client.health());
            if (!e.reachable) {
                LOG.info("engine {} available with operations {}", e.name, e.operations());
            }
            e.reachable = true;
        } catch (RuntimeException ex) {
            markDown(e.name, ex.getMessage());
        }
    }

    private void probe(Engine e) {
        try {
            e.client.health();
            e.reachable = true;
            LOG.info("engine {} reachable again", e.name);
        } catch (RuntimeException ex) {
            LOG.debug("engine {} still unreachable: {}", e.name, ex.getMessage());
        }
    }
}
