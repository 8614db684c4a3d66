package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.AdaptiveBatches;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.store.TaskKey;
import dev.weft.gateway.task.TaskLedger;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Results and failure reports sent in batches ({@code task:SubmitResults}, issue 16) through
 * {@link AdaptiveBatches}: no added wait when idle, larger batches under load, at most {@code maxBatch}.
 *
 * <p>{@link #submit} returns like a single {@code chain.submit} would: the committed transaction when the
 * entry was accepted; a {@link ChainException} with the entry's own stable code when the chaincode refused
 * it (the rest of its batch committed); or the transaction's own exception when the batch as a whole failed
 * (fencing, connection, endorsement). So the caller settles each entry exactly as a single result. MVCC
 * conflicts are retried by {@code chain.submit} for the whole batch, each entry evaluated again.
 *
 * <pre>{@code
 * ResultBatches batches = new ResultBatches(chain, metrics, 64, 2);
 * ChainClient.Committed tx = batches.submit(ResultBatches.Entry.result(key, digest, inline, null));
 * }</pre>
 */
final class ResultBatches implements AutoCloseable {

    /** One entry as {@code task:SubmitResults} takes it: a result or (with {@code failure}) a failure report. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String taskId, String subtaskId, int attempt, String digest, String value, String manifest,
            String failure) {
        static Entry result(TaskKey key, String digest, String value, String manifest) {
            return new Entry(key.taskId(), key.subtaskId(), key.attempt(), digest, value, manifest, null);
        }

        static Entry failure(TaskKey key, String reason) {
            return new Entry(key.taskId(), key.subtaskId(), key.attempt(), null, null, null, reason);
        }
    }

    private final TaskLedger tasks;
    private final SchedulerMetrics metrics;
    private final AdaptiveBatches<Entry, ChainClient.Committed> batches;

    /** How long a free slot waits for results still being computed before it sends (see AdaptiveBatches). */
    static final java.time.Duration LINGER = java.time.Duration.ofMillis(25);

    ResultBatches(ChainClient chain, SchedulerMetrics metrics, int maxBatch, int maxInFlight) {
        this.tasks = new TaskLedger(chain);
        this.metrics = metrics;
        this.batches = new AdaptiveBatches<>("results", maxBatch, maxInFlight, LINGER, this::send);
    }

    /**
     * A result being computed, announced to the batches until it is submitted or given up (close), so that a
     * free slot waits for it a little rather than send the results before it alone.
     */
    final class Coming implements AutoCloseable {
        private boolean open = true;

        private Coming() {
            batches.expect(1);
        }

        /** Sends {@code entry} in the next batch and waits for its outcome (see the class comment). */
        ChainClient.Committed submit(Entry entry) {
            close();
            return batches.submit(entry);
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                batches.expect(-1);
            }
        }
    }

    /** Announces a result that is being computed. */
    Coming coming() {
        return new Coming();
    }

    private void send(List<Entry> entries, List<CompletableFuture<ChainClient.Committed>> outcomes) {
        metrics.batched(entries.size());
        ChainClient.Committed tx = tasks.submitResults(Json.PLAIN.write(entries));
        JsonNode results = Json.PLAIN.read(tx.result(), TaskLedger.SUBMIT_RESULTS + " response").path("outcomes");
        for (int i = 0; i < outcomes.size(); i++) {
            JsonNode o = results.path(i);
            if (o.hasNonNull("code")) {
                String message = o.path("message").asText();
                outcomes.get(i).completeExceptionally(new ChainException(ChainException.Stage.ENDORSE,
                        o.get("code").asText(), tx.transactionId(), message, message, null));
            } else if (!o.isMissingNode()) {
                outcomes.get(i).complete(tx);
            }
        }
    }

    @Override
    public void close() {
        batches.close();
    }
}
