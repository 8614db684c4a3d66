package dev.weft.gateway.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's small shared scheduler: timeouts, polls and back-offs; its tasks never block. */
public final class EngineTimer {
    private EngineTimer() {
    }

    /** Two daemon threads; cancelled tasks are removed at once. */
    public static ScheduledExecutorService create(String name) {
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
