package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Where a {@code … watch} command starts reading, and when it stops: after so many items or so long. */
final class WatchOptions {
    @Option(names = "--from-block", description = "First block to read (default: the next block).")
    Long fromBlock;

    @Option(names = "--count", description = "Stop after this many events.")
    Integer count;

    @Option(names = "--timeout", converter = DurationConverter.class, description = "Stop after this long.")
    Duration timeout;

    /** The first block to read: {@code --from-block}, else the chain's next block. */
    long start(ChainClient chain) {
        return fromBlock != null ? fromBlock : chain.blockHeight();
    }

    /**
     * Hands the queue's items to {@code each} as they arrive until {@code --count} items or
     * {@code --timeout} have passed; {@code idle} runs about once a second while nothing comes
     * (it may throw to end the watch).
     */
    <T> void drain(BlockingQueue<T> queue, Consumer<T> each, Runnable idle) throws InterruptedException {
        long until = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (count == null || seen < count) {
            long left = until - System.nanoTime();
            T item = queue.poll(Math.max(0, Math.min(left, TimeUnit.SECONDS.toNanos(1))), TimeUnit.NANOSECONDS);
            if (item == null) {
                idle.run();
                if (left <= 0) {
                    return;
                }
                continue;
            }
            seen++;
            each.accept(item);
        }
    }
}
