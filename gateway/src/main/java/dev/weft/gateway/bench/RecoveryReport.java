package dev.weft.gateway.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code weft bench recovery} prints; the field names are the JSON keys
 * scripts read. Rates are subtasks committed per second; store figures are per
 * subtask (transactional writes, and milliseconds spent in them).
 */
public record RecoveryReport(
        @JsonProperty("in_flight") int inFlight,
        @JsonProperty("lost") int lost,
        @JsonProperty("duplicate_results") int duplicateResults,
        @JsonProperty("duplicate_executions") int duplicateExecutions,
        @JsonProperty("recovery_s") double recoveryS,
        @JsonProperty("drain_rate_per_s") double drainRatePerS,
        @JsonProperty("steady_rate_per_s") double steadyRatePerS,
        @JsonProperty("drain_ratio") double drainRatio,
        @JsonProperty("kill_exit_status") int killExitStatus,
        @JsonProperty("results_in_result_list_at_kill") int resultsAtKill,
        @JsonProperty("store_writes_per_subtask") double storeWritesPerSubtask,
        @JsonProperty("store_write_ms_per_subtask") double storeWriteMsPerSubtask,
        @JsonProperty("steady_store_writes_per_subtask") double steadyStoreWritesPerSubtask,
        @JsonProperty("steady_store_write_ms_per_subtask") double steadyStoreWriteMsPerSubtask,
        @JsonProperty("steady_subtasks") int steadySubtasks,
        @JsonProperty("max_runs_per_attempt") int maxRunsPerAttempt,
        @JsonProperty("workers") int workers,
        @JsonProperty("concurrency") int concurrency,
        @JsonProperty("steady_s") long steadyS,
        @JsonProperty("batch_timeout_ms") long batchTimeoutMs,
        @JsonProperty("gave_up_after_s") long gaveUpAfterS,
        @JsonProperty("awaited_tasks") java.util.List<String> awaitedTasks) {

    public RecoveryReport {
        awaitedTasks = java.util.List.copyOf(awaitedTasks);
    }

    public String text() {
        return String.format("""
                in flight at kill -9: %d subtasks (%d of them computed, in the result list); kill exit status %d
                recovery: all committed %.1f s after the restart began -> %.1f subtasks/s
                steady state (same gateway, %d clients creating, %d s): %.1f subtasks/s; drain ratio %.2f
                lost %d, results landed twice %d, attempts executed twice %d (max runs of one attempt %d)
                store per subtask: recovery %.1f writes, %.2f ms; steady state %.1f writes, %.2f ms
                %d gateway workers, BatchTimeout %d ms%s""",
                inFlight, resultsAtKill, killExitStatus, recoveryS, drainRatePerS, concurrency, steadyS,
                steadyRatePerS, drainRatio, lost, duplicateResults, duplicateExecutions, maxRunsPerAttempt,
                storeWritesPerSubtask, storeWriteMsPerSubtask, steadyStoreWritesPerSubtask,
                steadyStoreWriteMsPerSubtask, workers, batchTimeoutMs, awaitedTasks.isEmpty() ? ""
                        : String.format("%nGAVE UP after %d s still awaiting %d task(s) (counted in lost): %s",
                        gaveUpAfterS, awaitedTasks.size(), awaitedTasks.subList(0, Math.min(20,
                        awaitedTasks.size()))));
    }
}
