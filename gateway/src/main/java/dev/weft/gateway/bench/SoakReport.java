package dev.weft.gateway.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What {@code weft bench soak} prints; the field names are the JSON keys scripts
 * read. {@code lost} counts tasks not COMPLETED {@code give_up_s} after the load
 * stopped (FAILED ones among them, also counted in {@code failed}). Resident memory
 * is each gateway process's VmRSS, in MiB, after warm-up and at the end.
 */
public record SoakReport(
        @JsonProperty("created") int created,
        @JsonProperty("completed") int completed,
        @JsonProperty("failed") int failed,
        @JsonProperty("lost") int lost,
        @JsonProperty("target_rate_per_s") double targetRatePerS,
        @JsonProperty("created_rate_per_s") double createdRatePerS,
        @JsonProperty("completed_rate_per_s") double completedRatePerS,
        @JsonProperty("duration_s") long durationS,
        @JsonProperty("warmup_s") long warmupS,
        @JsonProperty("give_up_s") long giveUpS,
        @JsonProperty("clients") int clients,
        @JsonProperty("definition") String definition,
        @JsonProperty("rss_warm_mib") Map<String, Double> rssWarmMib,
        @JsonProperty("rss_end_mib") Map<String, Double> rssEndMib,
        @JsonProperty("rss_growth_ratio") double rssGrowthRatio,
        @JsonProperty("lost_tasks") List<String> lostTasks) {

    public SoakReport {
        rssWarmMib = Map.copyOf(rssWarmMib);
        rssEndMib = Map.copyOf(rssEndMib);
        lostTasks = List.copyOf(lostTasks);
    }

    public String text() {
        return String.format("""
                soak: %d s of %s tasks from %d clients at %.2f/s (created %.2f/s, completed %.2f/s)
                created %d, completed %d, failed %d, lost %d (not completed %d s after the load stopped)%s
                gateway resident memory (MiB) after %d s warm-up: %s; at the end: %s; growth ratio %.3f""",
                durationS, definition, clients, targetRatePerS, createdRatePerS, completedRatePerS, created, completed,
                failed, lost, giveUpS, lostTasks.isEmpty() ? "" : "\nlost: " + lostTasks.subList(0,
                        Math.min(20, lostTasks.size())), warmupS, new java.util.TreeMap<>(rssWarmMib),
                new java.util.TreeMap<>(rssEndMib), rssGrowthRatio);
    }
}
