package dev.weft.gateway.scheduler;

import dev.weft.gateway.engine.EngineClient;
import dev.weft.proto.engine.v1.HealthResponse;
import dev.weft.proto.engine.v1.UnitStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines this gateway may dispatch to and their service status (S0.10):
 * an engine is available or not, and so is each of its operations. A failed
 * send or failed poll marks the engine unavailable (S0.7); a successful poll
 * marks it available again with the operations its units report.
 */
public final class EngineDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineDirectory.class);

    /** One engine: its name (endpoint), client and what it currently serves. */
    public static final class Engine {
        private final String name;
        private final EngineClient client;
        private volatile boolean available;
        private volatile Set<String> operations = Set.of();

        Engine(String name, EngineClient client) {
            this.name = name;
            this.client = client;
        }

        public String name() {
            return name;
        }

        public EngineClient client() {
            return client;
        }

        public boolean available() {
            return available;
        }

        public Set<String> operations() {
            return operations;
        }
    }

    private final Map<String, Engine> engines = new LinkedHashMap<>();
    private final AtomicInteger cursor = new AtomicInteger();

    public synchronized void add(String name, EngineClient client) {
        Engine engine = new Engine(name, client);
        engines.put(name, engine);
        poll(engine);
    }

    /** An available engine serving {@code operation}, other than those excluded, round robin. */
    public Optional<Engine> pick(String operation, Set<String> exclude) {
        List<Engine> candidates = new ArrayList<>();
        synchronized (this) {
            for (Engine e : engines.values()) {
                if (e.available && e.operations.contains(operation) && !exclude.contains(e.name)) {
                    candidates.add(e);
                }
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(candidates.get(Math.floorMod(cursor.getAndIncrement(), candidates.size())));
    }

    /** A failed send: the engine is down until a poll finds it again. */
    public void markDown(String name, String why) {
        Engine e = engines.get(name);
        if (e != null && e.available) {
            e.available = false;
            LOG.warn("engine {} marked unavailable: {}", name, why);
        }
    }

    /** Polls every engine's health (S0.7 pull). */
    public void pollAll() {
        List<Engine> all;
        synchronized (this) {
            all = List.copyOf(engines.values());
        }
        all.forEach(this::poll);
    }

    private void poll(Engine e) {
        try {
            HealthResponse health = e.client.health();
            Set<String> ops = new TreeSet<>();
            for (UnitStatus unit : health.getUnitsList()) {
                if (unit.getAvailable()) {
                    ops.addAll(unit.getOperationsList());
                }
            }
            e.operations = Set.copyOf(ops);
            if (!e.available) {
                LOG.info("engine {} available with operations {}", e.name, ops);
            }
            e.available = true;
        } catch (RuntimeException ex) {
            markDown(e.name, ex.getMessage());
        }
    }

    public synchronized List<Engine> engines() {
        return List.copyOf(engines.values());
    }

    @Override
    public synchronized void close() {
        engines.values().forEach(e -> e.client.close());
        engines.clear();
    }
}
