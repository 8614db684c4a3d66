package dev.weft.gateway.bench;

import java.util.List;
import java.util.Locale;

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
 */
public record FailoverReport(String mode, int faultsPlanned, int faults, String stoppedEarly, int failovers, int sigkills, int sigstops, double takeoverP50S,
        double takeoverP95S, double takeoverMaxS, long acceptedFromDeposed, long refusedFromDeposed, int lost,
        int duplicateResults, int falseFailovers, double keepaliveTxShare, long keepaliveTransactions,
        long transactions, int tasks, double rate, int masterTtlSeconds, double keepaliveIntervalS,
        List<Double> takeoversS, Anchors anchors) {

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
                masterTtlSeconds, keepaliveIntervalS) + early;
    }
}
