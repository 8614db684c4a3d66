package dev.weft.gateway.chain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;

/** The round trip behind {@code weft chain ping}: submit, commit, event. */
public final class Ping {
    private final ChainClient chain;

    /** What the round trip observed. */
    public record Result(String transactionId, long blockNumber, String status, String eventName,
            String eventPayload, long latencyMillis) {
    }

    public Ping(ChainClient chain) {
        this.chain = chain;
    }

    public Result run(String message, Duration timeout) {
        long start = System.nanoTime();
        ChainClient.Committed tx = chain.submit("system:Ping", message);
        ChaincodeEvent event = awaitEvent(tx, timeout);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Result(tx.transactionId(), tx.blockNumber(), "VALID", event.getEventName(),
                new String(event.getPayload(), StandardCharsets.UTF_8), millis);
    }

    private ChaincodeEvent awaitEvent(ChainClient.Committed tx, Duration timeout) {
        CloseableIterator<ChaincodeEvent> events = chain.events(tx.blockNumber(), null);
        CompletableFuture<ChaincodeEvent> found = CompletableFuture.supplyAsync(() -> {
            while (events.hasNext()) {
                ChaincodeEvent e = events.next();
                if (e.getTransactionId().equals(tx.transactionId())) {
                    return e;
                }
            }
            throw new IllegalStateException("event stream ended");
        });
        try {
            return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ChainException(ChainException.Stage.EVENTS, "EVENT_NOT_RECEIVED", tx.transactionId(),
                    "no chaincode event for " + tx.transactionId() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            events.close();
        }
    }
}
