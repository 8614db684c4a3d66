package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.engine.api.Callbacks;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.ModuleContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One configured entry for module tests: its operations and its module section
 * as JSON, bound the way the engine configuration binds sections (unknown keys refused).
 */
final class TestModuleContext implements ModuleContext, AutoCloseable {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule().addDeserializer(Duration.class,
                    new com.fasterxml.jackson.databind.JsonDeserializer<Duration>() {
                        @Override
                        public Duration deserialize(com.fasterxml.jackson.core.JsonParser p,
                                com.fasterxml.jackson.databind.DeserializationContext ctxt) throws IOException {
                            return Duration.parse(p.getValueAsString());
                        }
                    }))
            .build();

    private final String name;
    private final Set<String> operations;
    private final JsonNode section;
    private final Path base;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-module-scheduler");
        t.setDaemon(true);
        return t;
    });

    TestModuleContext(String name, List<String> operations, String sectionJson, Path base) {
        this.name = name;
        this.operations = new LinkedHashSet<>(operations);
        try {
            this.section = MAPPER.readTree(sectionJson);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        this.base = base;
    }

    @Override
    public String unitName() {
        return name;
    }

    @Override
    public Set<String> operations() {
        return operations;
    }

    @Override
    public Duration timeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    public <T> T settings(Class<T> type) {
        try {
            return MAPPER.treeToValue(section, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModuleConfigException("engines." + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Path baseDirectory() {
        return base;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Optional<Callbacks> callbacks() {
        return Optional.empty();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
