package dev.weft.gateway.chain;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How the gateway retries what may succeed on a second try (MVCC conflicts,
 * a reconnecting event stream): bounded attempts, exponential backoff with
 * jitter so that competing writers spread out.
 */
public record RetryPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, 50, 2_000);

    public long delayMillis(int attempt) {
        long exp = baseDelayMillis << Math.min(attempt - 1, 16);
        long capped = Math.min(exp, maxDelayMillis);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    public void pause(int attempt) {
        try {
            Thread.sleep(delayMillis(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
