package dev.weft.chaincode.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-chaincode sums of call records, error reports and hour summaries: what
 * {@code route:SealHours} stores for an hour and {@code route:Stats} answers. Sorted
 * maps throughout, so the same records always give the same bytes.
 */
final class Tally {
    private static final class Sums {
        String label;
        long calls;
        long errors;
        final Map<String, long[]> byClass = new TreeMap<>();
        final Map<String, Long> reporters = new TreeMap<>();

        void add(String cls, long calls, long errors) {
            this.calls += calls;
            this.errors += errors;
            long[] c = byClass.computeIfAbsent(cls, k -> new long[2]);
            c[0] += calls;
            c[1] += errors;
        }
    }

    private final Map<String, Sums> versions = new TreeMap<>();

    private Sums of(String chaincode, String label) {
        Sums s = versions.computeIfAbsent(chaincode, k -> new Sums());
        s.label = label;
        return s;
    }

    void call(CallRecord c) {
        of(c.chaincode(), c.label()).add(c.trafficClass(), 1, c.ok() ? 0 : 1);
    }

    void error(ErrorReport e) {
        Sums s = of(e.chaincode(), e.label());
        s.add(e.trafficClass(), 1, 1);
        s.reporters.merge(e.reporterMsp(), 1L, Long::sum);
    }

    void summary(HourSummary h) {
        h.chaincodes().forEach((chaincode, v) -> {
            Sums s = of(chaincode, v.label());
            // every call has a class, so the version's totals are its classes' sums
            v.byClass().forEach((cls, n) -> s.add(cls, n.calls(), n.errors()));
            v.errorsByReporter().forEach((msp, n) -> s.reporters.merge(msp, n, Long::sum));
        });
    }

    /** The sums as an hour summary stores them. */
    Map<String, HourSummary.Version> versions() {
        Map<String, HourSummary.Version> out = new TreeMap<>();
        versions.forEach((chaincode, s) -> out.put(chaincode,
                new HourSummary.Version(s.label, s.calls, s.errors, counts(s), new TreeMap<>(s.reporters))));
        return out;
    }

    /** The sums as {@code route:Stats} answers them, with each version's role in {@code policy}. */
    List<CallStats.VersionStats> stats(RoutePolicy policy) {
        List<CallStats.VersionStats> out = new ArrayList<>();
        versions.forEach((chaincode, s) -> out.add(new CallStats.VersionStats(chaincode, s.label, role(policy,
                chaincode), s.calls, s.errors, s.calls == 0 ? 0 : s.errors * Resolver.BUCKETS / s.calls, counts(s),
                new TreeMap<>(s.reporters))));
        return out;
    }

    private static Map<String, CallStats.Counts> counts(Sums s) {
        Map<String, CallStats.Counts> out = new TreeMap<>();
        s.byClass.forEach((cls, n) -> out.put(cls, new CallStats.Counts(n[0], n[1])));
        return out;
    }

    private static String role(RoutePolicy p, String chaincode) {
        if (p.newVersion() != null && chaincode.equals(p.newVersion().chaincode())) {
            return ClassTargets.NEW;
        }
        return p.oldVersion() != null && chaincode.equals(p.oldVersion().chaincode()) ? ClassTargets.OLD : "";
    }
}
