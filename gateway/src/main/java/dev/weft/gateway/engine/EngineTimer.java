package dev.weft.gateway.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's thread pools: its small shared scheduler (timeouts, polls and back-offs;
 * its tasks never block) and the workers that run units.
 */
public final class EngineTimer {
    private EngineTimer() {
    }

    /** Two daemon threads; cancelled tasks are removed at once. */
    public static ScheduledExecutorService create(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, daemons(name + "-"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** {@code n} daemon worker threads named {@code prefix1}, {@code prefix2}, … */
    static ExecutorService workers(int n, String prefix) {
        return Executors.newFixedThreadPool(n, daemons(prefix));
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
