package dev.weft.gateway.store;

/**
 * How many transactional writes the store made and how long they took in total
 * (waiting for the connection included), for reporting write overhead per subtask.
 *
 * <pre>{@code
 * StoreStats before = store.stats();
 * runSubtasks(n);
 * double perSubtaskMicros = store.stats().minus(before).writeNanos() / 1_000.0 / n;
 * }</pre>
 */
public record StoreStats(long writes, long writeNanos) {
    /** Mean nanoseconds per write, 0 when nothing was written. */
    public double meanWriteNanos() {
        return writes == 0 ? 0 : (double) writeNanos / writes;
    }

    /** The writes made between {@code earlier} and this snapshot. */
    public StoreStats minus(StoreStats earlier) {
        return new StoreStats(writes - earlier.writes, writeNanos - earlier.writeNanos);
    }
}
