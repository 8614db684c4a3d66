/**
 * Metrics of Weft's processes: {@link dev.weft.gateway.metrics.Metrics} makes the
 * Micrometer registry (Prometheus text on the admin port's {@code /metrics}); the
 * meters themselves live beside the code they measure ({@code SchedulerMetrics},
 * the engine's execution meters). docs/operations.md lists every metric.
 */
package dev.weft.gateway.metrics;
