package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.AdaptiveBatches;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskParams;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Creates tasks for a benchmark's clients: each with its own {@code task:CreateTask}, or (batched, issue 16)
 * gathered from every client into {@code task:CreateTasks} transactions by {@link AdaptiveBatches}, which
 * adds no wait while no creation is in flight. A burst that finds both sending slots idle (every client's next
 * creation after one commit) is split over them, so its two halves are endorsed side by side: a
 * {@code CreateTasks} takes longer to endorse the more entries it has. Records the sizes of the batches it sent.
 *
 * <pre>{@code
 * try (TaskCreator creator = TaskCreator.batched(client, 64, 2)) { String taskId = creator.create("sum"); }
 * }</pre>
 */
final class TaskCreator implements AutoCloseable {
    private final TaskLedger tasks;
    private final AdaptiveBatches<String, String> batches;
    private final Recorder sizes = new Recorder(2);
    private Histogram sent;

    private TaskCreator(ChainClient client, int maxBatch, int inFlight) {
        this.tasks = new TaskLedger(client);
        this.batches = maxBatch > 1
                ? new AdaptiveBatches<>("creations", maxBatch, inFlight, LINGER, true, this::send) : null;
    }

    /**
     * How long a free slot waits for the next creations of the clients whose creations just committed: each
     * such client is counted as coming when its outcome is handed back, and counted off when it creates again
     * ({@code announced}) or stops ({@link #notComing}).
     */
    static final java.time.Duration LINGER = java.time.Duration.ofMillis(25);

    /** A client whose last creation went through this creator stops creating. */
    void notComing() {
        if (batches != null) {
            batches.expect(-1);
        }
    }

    static TaskCreator single(ChainClient client) {
        return new TaskCreator(client, 1, 1);
    }

    static TaskCreator batched(ChainClient client, int maxBatch, int inFlight) {
        return new TaskCreator(client, maxBatch, inFlight);
    }

    /**
     * Creates a task of {@code definitionId} without parameters; returns its ID. {@code announced}: the
     * caller's previous creation went through this creator, so it is counted as coming.
     */
    String create(String definitionId, boolean announced) {
        if (batches == null) {
            sizes.recordValue(1);
            return tasks.create(definitionId, TaskParams.none()).value().path("taskId").asText();
        }
        if (announced) {
            batches.expect(-1);
        }
        return batches.submit(definitionId);
    }

    private void send(List<String> definitions, List<CompletableFuture<String>> outcomes) {
        sizes.recordValue(definitions.size());
        List<Map<String, String>> entries = definitions.stream().map(d -> Map.of("definitionId", d)).toList();
        ChainClient.Committed tx = tasks.createTasks(Json.PLAIN.write(entries));
        JsonNode results = Json.PLAIN.read(tx.result(), "task:CreateTasks response").path("outcomes");
        for (int i = 0; i < outcomes.size(); i++) {
            JsonNode o = results.path(i);
            if (o.hasNonNull("code")) {
                outcomes.get(i).completeExceptionally(new ChainException(ChainException.Stage.ENDORSE,
                        o.get("code").asText(), tx.transactionId(), o.path("message").asText(), null));
            } else {
                batches.expect(1); // its client creates again soon: a free slot waits for it a little
                outcomes.get(i).complete(o.path("taskId").asText());
            }
        }
    }

    /** The sizes of every creation transaction so far (1 each without batches). */
    synchronized Histogram sizes() {
        Histogram interval = sizes.getIntervalHistogram();
        if (sent == null) {
            sent = interval.copy();
        } else {
            sent.add(interval);
        }
        return sent.copy();
    }

    @Override
    public void close() {
        if (batches != null) {
            batches.close();
        }
    }
}
