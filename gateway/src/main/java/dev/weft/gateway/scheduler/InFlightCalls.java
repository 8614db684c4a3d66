package dev.weft.gateway.scheduler;

import dev.weft.gateway.engine.EngineException;
import io.grpc.Context;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls in flight to one engine, each in a cancellable gRPC context, so that all
 * of them end at once when the engine is known to be down (S0.6) instead of waiting
 * for their deadline.
 */
final class InFlightCalls {
    private static final Logger LOG = LoggerFactory.getLogger(InFlightCalls.class);
    private final String engine;
    private final Set<Context.CancellableContext> calls = ConcurrentHashMap.newKeySet();

    InFlightCalls(String engine) {
        this.engine = engine;
    }

    /**
     * Runs {@code call} in a context of its own, cancelled already when {@code up} says the
     * engine is down; a call that ends because it was cancelled throws
     * {@link EngineException.Reason#ENGINE_UNAVAILABLE} with {@code why}.
     */
    <T> T run(Callable<T> call, BooleanSupplier up, Supplier<String> why) {
        Context.CancellableContext context = Context.current().withCancellation();
        calls.add(context);
        try {
            if (!up.getAsBoolean()) {
                context.cancel(null);
            }
            return context.call(call);
        } catch (EngineException e) {
            if (context.isCancelled()) {
                throw new EngineException(EngineException.Reason.ENGINE_UNAVAILABLE,
                        "call cancelled: engine " + engine + " is down (" + why.get() + ")", e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            calls.remove(context);
            context.close();
        }
    }

    int size() {
        return calls.size();
    }

    /** Cancels every call in flight; {@code why} is logged. */
    void cancelAll(String why) {
        if (!calls.isEmpty()) {
            LOG.warn("engine {} is down ({}): cancelling {} call(s) in flight to it", engine, why, calls.size());
            calls.forEach(c -> c.cancel(null));
        }
    }
}
