package dev.weft.gateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of one {@code weft bench failover} run as its faults go: the faults by kind
 * and their windows, each takeover's time (by kind, and by phase where the mode logs its
 * marks), the machine's load samples; and the {@link FailoverReport} made of them.
 */
final class FailoverTally {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverTally.class);

    private final List<long[]> windows = new ArrayList<>();
    private final List<Double> takeovers = new ArrayList<>();
    private final Map<String, List<Double>> phases = new LinkedHashMap<>();
    private final Map<String, List<Double>> byKind = new LinkedHashMap<>();
    private final List<Double> loads = new CopyOnWriteArrayList<>();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private int kills;
    private int stops;

    /** One sample of the machine's one-minute load average. */
    void sampleLoad() {
        loads.add(os.getSystemLoadAverage());
    }

    int faults() {
        return kills + stops;
    }

    /** The faults' windows, each {fault, takeover or give-up} in {@link System#nanoTime}. */
    List<long[]> windows() {
        return windows;
    }

    /** A fault injected; its window closes at {@link #takeover} or {@link #noTakeover}. */
    void faulted(FailoverRig.Fault fault) {
        kills += fault.kind() == FailoverRig.Kind.SIGKILL ? 1 : 0;
        stops += fault.kind() == FailoverRig.Kind.SIGSTOP ? 1 : 0;
        windows.add(new long[] {fault.atNanos(), Long.MAX_VALUE});
    }

    /**
     * The {@code n}th fault's takeover: the first result of another instance arrived at
     * {@code took}; {@code marks} are the new actor's own marks (Update sent, committed,
     * scheduler started), or null.
     */
    void takeover(int n, FailoverRig.Fault fault, long took, long[] marks) {
        double seconds = (took - fault.atNanos()) / 1e9;
        takeovers.add(seconds);
        byKind.computeIfAbsent(fault.kind().name(), k -> new ArrayList<>()).add(seconds);
        if (marks != null) {
            long[] at = {fault.atNanos(), marks[0], marks[1], marks[2], took};
            for (int p = 0; p < FailoverReport.PHASES.size(); p++) {
                phases.computeIfAbsent(FailoverReport.PHASES.get(p), k -> new ArrayList<>())
                        .add((at[p + 1] - at[p]) / 1e9);
            }
            LOG.info("fault {}: fault → Update sent {} s, Update committed +{} s, scheduler started "
                    + "+{} s, first result +{} s", n, fmt(at[1] - at[0]), fmt(at[2] - at[1]),
                    fmt(at[3] - at[2]), fmt(at[4] - at[3]));
        }
        LOG.info("fault {} ({} of {}): takeover in {} s", n, fault.kind(), fault.instance(),
                String.format("%.2f", seconds));
        windows.get(windows.size() - 1)[1] = took;
    }

    /** The last fault saw no takeover; its window closes now. */
    void noTakeover() {
        windows.get(windows.size() - 1)[1] = System.nanoTime();
    }

    /** The report of the run: the takeovers tallied here, the rest as measured. */
    FailoverReport report(String mode, FailoverBenchmark.Settings s, String stoppedEarly, FailoverEvents events,
            long refused, RecoveryLoad.Audit audit, int tasks, double achieved) {
        List<Double> sorted = new ArrayList<>(takeovers);
        Collections.sort(sorted);
        long tx = events.transactions();
        long keepalives = events.keepalives();
        return new FailoverReport(mode, s.faults(), faults(), stoppedEarly, takeovers.size(), kills, stops,
                pct(sorted, 0.50), pct(sorted, 0.95), sorted.isEmpty() ? 0 : round(sorted.get(sorted.size() - 1)),
                events.acceptedFromDeposed(), refused, audit.lost(), audit.duplicateResults(),
                events.falseFailovers(windows), tx == 0 ? 0 : round4((double) keepalives / tx), keepalives, tx,
                tasks, round(achieved), s.masterTtlSeconds(),
                s.keepalive() == null ? s.masterTtlSeconds() / 3.0 : s.keepalive().toMillis() / 1000.0,
                takeovers, spread(byKind), spread(phases), loads.isEmpty() ? 0 : round(loads.get(0)),
                round(loads.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                FailoverReport.Anchors.DEFAULT);
    }

    private static String fmt(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private static Map<String, FailoverReport.Spread> spread(Map<String, List<Double>> values) {
        Map<String, FailoverReport.Spread> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            List<Double> sorted = new ArrayList<>(v);
            Collections.sort(sorted);
            out.put(k, new FailoverReport.Spread(sorted.size(), pct(sorted, 0.5), pct(sorted, 0.95),
                    round(sorted.get(sorted.size() - 1))));
        });
        return out;
    }

    private static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return round(sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
