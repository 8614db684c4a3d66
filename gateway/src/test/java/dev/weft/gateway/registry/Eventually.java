package dev.weft.gateway.registry;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a state to be reached: generous bounds, never an assertion on speed. */
final class Eventually {
    static final Duration BOUND = Duration.ofSeconds(15);

    private Eventually() {
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + BOUND + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }
}
