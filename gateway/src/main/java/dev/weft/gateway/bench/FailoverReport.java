package dev.weft.gateway.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code weft bench failover --output json}. Takeover times run from the fault to the
 * first committed result of the new acting instance.
 *
 * @param faults              faults injected ({@code faultsPlanned} unless the run stopped early)
 * @param stoppedEarly        why the run injected fewer faults than planned (null: it did not)
 * @param acceptedFromDeposed results committed from an instance after another took over (in block order)
 * @param refusedFromDeposed  write attempts of deposed instances the chain refused
 * @param lost                subtasks not completed at the end
 * @param duplicateResults    results beyond one per subtask attempt
 * @param falseFailovers      changes of the acting instance outside any fault's window
 * @param keepaliveTxShare    on-chain keepalive transactions ÷ all committed transactions of the run
 * @param takeoverByKind      takeover times by fault kind (SIGKILL, SIGSTOP)
 * @param takeoverPhases      where a takeover's time went ({@link #PHASES}), for modes that log it
 * @param loadAverageAtStart  the machine's one-minute load average at the start (sampled every 10 s)
 * @param loadAverageMax      its highest sample during the run
 */
public record FailoverReport(String mode, int faultsPlanned, int faults, String stoppedEarly, int failovers, int sigkills, int sigstops, double takeoverP50S,
        double takeoverP95S, double takeoverMaxS, long acceptedFromDeposed, long refusedFromDeposed, int lost,
        int duplicateResults, int falseFailovers, double keepaliveTxShare, long keepaliveTransactions,
        long transactions, int tasks, double rate, int masterTtlSeconds, double keepaliveIntervalS,
        List<Double> takeoversS, Map<String, Spread> takeoverByKind, Map<String, Spread> takeoverPhases,
        double loadAverageAtStart, double loadAverageMax, Anchors anchors) {

    /**
     * The phases of a takeover, in order, each from the end of the one before (the first from the
     * fault): the successor's detection of the master's expiry on chain and its election, until it
     * sends the Update; the Update's endorsement, ordering and commit; the new master's scheduler
     * start (event stream, task list, pending index); its first committed result as the benchmark's
     * event stream received it (negative when a result came before the start returned).
     */
    public static final List<String> PHASES = List.of("detectS", "updateS", "schedulerStartS", "firstResultS");

    /** Count, p50, p95 and maximum of a set of durations in seconds. */
    public record Spread(int n, double p50S, double p95S, double maxS) {
    }

    /** Published failover anchors, for comparison. */
    public record Anchors(double kubernetesLeaseS, double patroniTtlS, String patroniMeasuredS) {
        public static final Anchors DEFAULT = new Anchors(15, 30, "30-45");
    }

    public String text() {
        String early = stoppedEarly == null ? "" : String.format(Locale.ROOT, "%n  stopped early after %d of %d faults: %s",
                faults, faultsPlanned, stoppedEarly);
        return String.format(Locale.ROOT, """
                failover (%s): %d faults (%d SIGKILL, %d SIGSTOP), %d failovers
                  takeover p50 %.2f s, p95 %.2f s, max %.2f s   (Kubernetes Lease %.0f s, Patroni ttl %.0f s)
                  accepted from deposed %d, refused from deposed %d, lost %d, duplicate results %d, false failovers %d
                  keepalive transactions %d of %d (share %.4f); %d tasks at %.1f/s; TTL %d s, keepalive every %.1f s""",
                mode, faults, sigkills, sigstops, failovers, takeoverP50S, takeoverP95S, takeoverMaxS,
                anchors.kubernetesLeaseS(), anchors.patroniTtlS(), acceptedFromDeposed, refusedFromDeposed, lost,
                duplicateResults, falseFailovers, keepaliveTransactions, transactions, keepaliveTxShare, tasks, rate,
                masterTtlSeconds, keepaliveIntervalS) + spreads("by kind", takeoverByKind)
                + spreads("phases", takeoverPhases)
                + String.format(Locale.ROOT, "%n  load average %.1f at the start, %.1f at most", loadAverageAtStart,
                        loadAverageMax) + early;
    }

    private static String spreads(String title, Map<String, Spread> spreads) {
        StringBuilder b = new StringBuilder();
        spreads.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%n  %s %s: p50 %.2f s, p95 %.2f s, max %.2f s (%d)",
                title, k, v.p50S(), v.p95S(), v.maxS(), v.n())));
        return b.toString();
    }
}
