package dev.weft.gateway.cluster;

/**
 * What only the acting member of a cluster (its master) or a pair (its validator) runs:
 * the scheduler. {@code start} may block (recovery); both run on one thread, in order.
 */
public interface MasterWork {
    void start(long epoch);

    void stop();
}
