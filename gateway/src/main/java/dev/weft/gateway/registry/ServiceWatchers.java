package dev.weft.gateway.registry;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service center's watchers (S0.7 push): the revision counter and the
 * watchers, who get a snapshot and then every change in revision order. The
 * {@link ServiceCenter} calls it under its own lock, which keeps the order.
 */
final class ServiceWatchers {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceWatchers.class);

    private final List<Consumer<ServiceChange>> listeners = new CopyOnWriteArrayList<>();
    private long revision;

    /** The revision of the last change. */
    long revision() {
        return revision;
    }

    /** The revision of the change about to be published. */
    long next() {
        return ++revision;
    }

    ServiceCenter.Subscription watch(ServiceChange snapshot, Consumer<ServiceChange> listener) {
        Objects.requireNonNull(listener, "listener");
        listener.accept(snapshot);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Sends {@code change} to every watcher; one that fails is dropped, the others still get it. */
    void publish(ServiceChange change) {
        for (Consumer<ServiceChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("dropping a service-change listener that failed: {}", e.toString());
                listeners.remove(listener);
            }
        }
    }
}
