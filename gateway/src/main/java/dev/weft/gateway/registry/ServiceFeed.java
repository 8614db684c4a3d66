package dev.weft.gateway.registry;

import dev.weft.gateway.chain.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a scheduler's view of services current (S0.7): either watches the
 * service center (pushed changes, reopened with backoff after any break; each
 * reopening starts with a snapshot) or polls it (a snapshot every period).
 * While the center is unreachable the consumer simply hears nothing: the last
 * known status stands, and failed sends still mark frameworks down.
 *
 * <pre>{@code
 * try (ServiceFeed feed = ServiceFeed.watch(registryClient, directory::apply)) { ... }
 * try (ServiceFeed feed = ServiceFeed.poll(registryClient, Duration.ofSeconds(2), directory::apply)) { ... }
 * }</pre>
 */
public final class ServiceFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceFeed.class);
    private static final RetryPolicy RECONNECT = new RetryPolicy(Integer.MAX_VALUE, 200, 5_000);

    private final RegistryClient client;
    private final Consumer<ServiceChange> consumer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weft-service-feed");
        t.setDaemon(true);
        return t;
    });
    private ServiceCenter.Subscription watch;
    private int failures;
    private boolean closed;

    private ServiceFeed(RegistryClient client, Consumer<ServiceChange> consumer) {
        this.client = Objects.requireNonNull(client, "client");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    /** Pushed changes (S0.7 push), reconnecting after a break. */
    public static ServiceFeed watch(RegistryClient client, Consumer<ServiceChange> consumer) {
        ServiceFeed feed = new ServiceFeed(client, consumer);
        feed.timer.execute(feed::openWatch);
        return feed;
    }

    /** A snapshot every {@code every} (S0.7 pull). */
    public static ServiceFeed poll(RegistryClient client, Duration every, Consumer<ServiceChange> consumer) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("poll period must be positive");
        }
        ServiceFeed feed = new ServiceFeed(client, consumer);
        feed.timer.scheduleWithFixedDelay(feed::pollOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return feed;
    }

    private synchronized void openWatch() {
        if (closed) {
            return;
        }
        watch = client.watch(this::deliver, this::broken);
    }

    private void deliver(ServiceChange change) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (failures > 0) {
                LOG.info("service center reachable again (revision {})", change.revision());
                failures = 0;
            }
        }
        consumer.accept(change);
    }

    private synchronized void broken(RegistryException why) {
        if (closed) {
            return;
        }
        failures++;
        long delay = RECONNECT.delayMillis(failures);
        if (failures == 1) {
            LOG.warn("service center watch broke ({}); reconnecting, last known status stands", why.getMessage());
        } else {
            LOG.debug("service center watch attempt {} failed ({}); next in {} ms", failures, why.getMessage(), delay);
        }
        try {
            timer.schedule(this::openWatch, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    private void pollOnce() {
        ServiceChange snapshot;
        try {
            snapshot = client.list();
        } catch (RegistryException e) {
            synchronized (this) {
                if (failures++ == 0) {
                    LOG.warn("service center poll failed ({}); last known status stands", e.getMessage());
                }
            }
            return;
        } catch (RuntimeException e) {
            LOG.warn("service center poll failed", e);
            return;
        }
        deliver(snapshot);
    }

    @Override
    public void close() {
        ServiceCenter.Subscription open;
        synchronized (this) {
            closed = true;
            open = watch;
        }
        if (open != null) {
            open.close();
        }
        timer.shutdownNow();
    }
}
