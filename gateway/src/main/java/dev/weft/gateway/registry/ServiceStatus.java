package dev.weft.gateway.registry;

/**
 * The service status the scheduler keeps for every framework and unit (S0.10):
 * only {@code AVAILABLE} services get tasks.
 *
 * <pre>{@code
 * boolean usable = unit.status() == ServiceStatus.AVAILABLE;
 * }</pre>
 */
public enum ServiceStatus {
    AVAILABLE,
    UNAVAILABLE
}
