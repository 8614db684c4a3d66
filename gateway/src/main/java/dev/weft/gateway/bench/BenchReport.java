package dev.weft.gateway.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** What the benchmarks print. Field names are the JSON keys scripts read. */
public final class BenchReport {
    private BenchReport() {
    }

    /** {@code weft bench tasks}. */
    public record Tasks(
            @JsonProperty("raw_tps") double rawTps,
            @JsonProperty("raw_p50_ms") double rawP50Ms,
            @JsonProperty("raw_p99_ms") double rawP99Ms,
            @JsonProperty("tasks_per_s") double tasksPerS,
            @JsonProperty("task_p50_ms") double taskP50Ms,
            @JsonProperty("task_p99_ms") double taskP99Ms,
            @JsonProperty("mvcc_conflict_rate") double mvccConflictRate,
            @JsonProperty("batch_timeout_ms") long batchTimeoutMs,
            @JsonProperty("concurrency") int concurrency,
            @JsonProperty("raw_concurrency") int rawConcurrency,
            @JsonProperty("gateway_workers") int gatewayWorkers,
            @JsonProperty("duration_s") long durationS,
            @JsonProperty("tasks_measured") long tasksMeasured,
            @JsonProperty("result_submissions") long resultSubmissions,
            @JsonProperty("mvcc_retries") long mvccRetries,
            @JsonProperty("tasks_created") long tasksCreated,
            @JsonProperty("lost") long lost,
            @JsonProperty("batch") boolean batch,
            @JsonProperty("tasks_in_flight") int tasksInFlight,
            @JsonProperty("creation_p50_ms") double creationP50Ms,
            @JsonProperty("result_batches") BatchSizes resultBatches,
            @JsonProperty("create_batches") BatchSizes createBatches,
            @JsonProperty("gateway_ready_to_commit_p50_ms") double readyToCommitP50Ms,
            @JsonProperty("gateway_submit_to_commit_p50_ms") double submitToCommitP50Ms) {

        @JsonProperty("tasks_to_raw_ratio")
        public double tasksToRawRatio() {
            return rawTps == 0 ? 0 : tasksPerS / rawTps;
        }

        @JsonProperty("p50_over_raw_ms")
        public double p50OverRawMs() {
            return taskP50Ms - rawP50Ms;
        }

        public String text() {
            return String.format("""
                    raw Fabric  (system:Ping, %d clients):        %8.1f tx/s     p50 %7.1f ms   p99 %7.1f ms
                    Weft tasks  (1 subtask, %d clients, %d open each, %d workers):  %8.1f tasks/s  p50 %7.1f ms   p99 %7.1f ms
                    ratio tasks/s : raw tx/s = %.2f%s
                    task p50 - raw p50 = %.1f ms;  MVCC conflicts on results: %.3f %% (%d of %d)
                    tasks created %d, lost %d (not completed within 2 min of creation); creation p50 %.1f ms
                    BatchTimeout %d ms, %d s measured after warm-up
                    batches %s: results %s; creations %s
                    gateway, p50: taken to result commit %.1f ms, of which submit to commit %.1f ms""",
                    rawConcurrency, rawTps, rawP50Ms, rawP99Ms, concurrency, tasksInFlight, gatewayWorkers, tasksPerS,
                    taskP50Ms, taskP99Ms, tasksToRawRatio(),
                    tasksInFlight == 1 ? " (ceiling 0.5: each client waits for two transactions in a row)" : "",
                    p50OverRawMs(), mvccConflictRate * 100, mvccRetries, resultSubmissions, tasksCreated, lost,
                    creationP50Ms, batchTimeoutMs, durationS, batch ? "on" : "off", resultBatches.text(),
                    createBatches.text(), readyToCommitP50Ms, submitToCommitP50Ms);
        }
    }

    /** Sizes of the batch transactions a run sent (issue 16): how many, and their size distribution. */
    public record BatchSizes(
            @JsonProperty("transactions") long transactions,
            @JsonProperty("entries") long entries,
            @JsonProperty("mean") double mean,
            @JsonProperty("p50") long p50,
            @JsonProperty("p90") long p90,
            @JsonProperty("p99") long p99,
            @JsonProperty("max") long max) {

        static BatchSizes of(org.HdrHistogram.Histogram h) {
            long n = h.getTotalCount();
            long entries = 0;
            for (var v : h.recordedValues()) {
                entries += v.getValueIteratedTo() * v.getCountAtValueIteratedTo();
            }
            return n == 0 ? new BatchSizes(0, 0, 0, 0, 0, 0, 0) : new BatchSizes(n, entries, h.getMean(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
        }

        String text() {
            return transactions == 0 ? "none" : String.format("%d tx for %d entries, size mean %.1f p50 %d p90 %d "
                    + "p99 %d max %d", transactions, entries, mean, p50, p90, p99, max);
        }
    }

    /** The BatchTimeout the network was started with, from its run folder (-1 when unknown). */
    static long batchTimeoutMillis() {
        String run = System.getenv("WEFT_RUN_DIR");
        String home = System.getenv("WEFT_HOME");
        Path env = run != null && !run.isBlank() ? Path.of(run, "network.env")
                : Path.of(home == null ? "." : home, ".run", "network.env");
        if (!Files.isRegularFile(env)) {
            return -1;
        }
        try (var in = Files.newBufferedReader(env)) {
            Properties p = new Properties();
            p.load(in);
            String value = p.getProperty("BATCH_TIMEOUT", "").trim();
            if (value.endsWith("ms")) {
                return Long.parseLong(value.substring(0, value.length() - 2));
            }
            if (value.endsWith("s")) {
                return (long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000);
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
