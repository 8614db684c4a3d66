package dev.weft.gateway.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Operations: the scheduler's meters in Prometheus text")
class SchedulerMetricsTest {

    @Test
    @DisplayName("subtask counters, the ready-to-commit and engine-call histograms and MVCC retries are exported")
    void countersAndHistograms() {
        PrometheusMeterRegistry registry = Metrics.prometheus("gateway", "Org1MSP");
        SchedulerMetrics metrics = new SchedulerMetrics(registry);
        metrics.taken(3);
        metrics.resent();
        metrics.engineCall("127.0.0.1:7060", "sql", "SUCCEEDED", 40_000_000L);
        metrics.submitted(2, 120_000_000L);
        metrics.completed(Instant.now().minusMillis(300));
        metrics.failed(Instant.now().minusSeconds(3));
        metrics.deadLettered();

        String text = registry.scrape();
        String tags = "\\{component=\"gateway\",org=\"Org1MSP\"";
        assertThat(text).containsPattern("weft_subtasks_taken_total" + tags + "} 3(\\.0)?\\n")
                .containsPattern("weft_subtasks_resent_total" + tags + "} 1(\\.0)?\\n")
                .containsPattern("weft_subtasks_completed_total" + tags + "} 1(\\.0)?\\n")
                .containsPattern("weft_subtasks_failed_total" + tags + "} 1(\\.0)?\\n")
                .containsPattern("weft_chain_mvcc_retries_total" + tags + "} 2(\\.0)?\\n")
                .containsPattern("weft_dead_letters_total" + tags + "} 1(\\.0)?\\n")
                .containsPattern("weft_subtask_ready_to_commit_seconds_count" + tags + "} 2(\\.0)?\\n")
                .containsPattern("weft_subtask_ready_to_commit_seconds_bucket" + tags + ",le=\"0\\.5\"} 1(\\.0)?\\n")
                .containsPattern("weft_subtask_ready_to_commit_seconds_bucket" + tags + ",le=\"5(\\.0)?\"} 2(\\.0)?\\n")
                .containsPattern("weft_engine_call_seconds_count\\{[^}]*engine=\"127.0.0.1:7060\"[^}]*operation=\"sql\""
                        + "[^}]*outcome=\"SUCCEEDED\"[^}]*} 1(\\.0)?\\n");
        assertThat(metrics.snapshot().conflictRetries()).isEqualTo(2);
        // what weft bench scale reads, since the previous read: one commit in 120 ms, two ready-to-commit times
        org.HdrHistogram.Histogram commits = metrics.commitLatencies();
        assertThat(commits.getTotalCount()).isEqualTo(1);
        assertThat(commits.getValueAtPercentile(50) / 1000.0).isBetween(119.0, 121.0);
        assertThat(metrics.resultLatencies().getTotalCount()).isEqualTo(2);
        assertThat(metrics.commitLatencies().getTotalCount()).as("read once").isZero();
    }

    @Test
    @DisplayName("event lag is the distance from the chain's height to the block of the event being handled")
    void eventLag() {
        PrometheusMeterRegistry registry = Metrics.prometheus("gateway", "Org2MSP");
        AtomicLong height = new AtomicLong(120);
        SchedulerMetrics metrics = new SchedulerMetrics(registry);
        metrics.watchHeight(height::get);
        metrics.eventHandled(100);
        assertThat(registry.get("weft.event.lag.blocks").gauge().value()).isEqualTo(19.0);
        assertThat(registry.get("weft.event.last.block").gauge().value()).isEqualTo(100.0);
        metrics.eventHandled(130); // past the cached height: the stream is at the head
        assertThat(registry.get("weft.event.lag.blocks").gauge().value()).isZero();
        assertThat(registry.get("weft.chain.height").gauge().value()).isEqualTo(131.0);
    }
}
