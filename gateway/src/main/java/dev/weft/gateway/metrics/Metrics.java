package dev.weft.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * The one place a Weft process makes its metrics registry: Micrometer with the
 * Prometheus registry, every meter tagged with the component ({@code gateway},
 * {@code engine}) and the organisation's MSP ID, and the JVM's own meters.
 * Latency timers share one set of histogram buckets ({@link #latency}).
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = Metrics.prometheus("gateway", "Org1MSP");
 * Timer t = Metrics.latency("weft.engine.call", "one call to an engine's Execute").tag("engine", name)
 *         .register(registry);
 * String text = registry.scrape();   // what /metrics serves
 * }</pre>
 */
public final class Metrics {
    /** Histogram buckets of every latency: 5 ms to 5 min. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofMinutes(5)};

    private Metrics() {
    }

    public static PrometheusMeterRegistry prometheus(String component, String mspId) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("component", Objects.requireNonNull(component, "component"),
                "org", Objects.requireNonNull(mspId, "mspId"));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** A latency timer with Weft's histogram buckets (Prometheus {@code _bucket}, {@code _count}, {@code _sum}). */
    public static Timer.Builder latency(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0]).maximumExpectedValue(BUCKETS[BUCKETS.length - 1]);
    }

    /** Registers nothing anywhere: for code run without an admin port (benchmarks, tests). */
    public static MeterRegistry none() {
        return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    }
}
