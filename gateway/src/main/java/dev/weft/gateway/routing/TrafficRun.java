package dev.weft.gateway.routing;

import dev.weft.gateway.chain.ChainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends the same routed call many times — {@code {i}} in the routing key and the
 * arguments becomes the call's number — and counts where the calls landed: per
 * version, its calls, errors and traffic classes. This is how the demo and the
 * tests show a gray slice taking its share of traffic.
 *
 * <pre>{@code
 * TrafficRun.Summary s = TrafficRun.run(invoker, new Invoker.Request("asset", TrafficClass.AUTO, "customer-{i}",
 *         "CreateAsset", List.of("demo-{i}", "alice", "1"), false, null), 20, 4);
 * }</pre>
 */
public final class TrafficRun {
    private TrafficRun() {
    }

    /** Calls that reached one version (label and target). */
    public record Landing(String label, String target, String version, int calls, int errors,
            Map<String, Integer> byClass) {
    }

    /** Every call's result; per-version landings; calls refused before routing (with the first such error). */
    public record Summary(String route, int calls, List<Invoker.Result> results, List<Landing> landings, int refused,
            String firstRefusal) {
        /** Calls that reached {@code label}. */
        public int landedOn(String label) {
            return landings.stream().filter(l -> l.label().equals(label)).mapToInt(Landing::calls).sum();
        }
    }

    /** Makes {@code count} calls from {@code template}, {@code parallel} at a time. */
    public static Summary run(Invoker invoker, Invoker.Request template, int count, int parallel)
            throws InterruptedException {
        if (count < 1 || parallel < 1) {
            throw new IllegalArgumentException("count and parallel must be at least 1");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, count));
        try {
            List<Future<Invoker.Result>> futures = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                Invoker.Request r = numbered(template, i);
                futures.add(pool.submit(() -> invoker.call(r)));
            }
            List<Invoker.Result> results = new ArrayList<>();
            int refused = 0;
            String first = null;
            for (Future<Invoker.Result> f : futures) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof ChainException ce)) {
                        throw new IllegalStateException(e.getCause());
                    }
                    refused++;
                    first = first == null ? ce.code() + ": " + ce.getMessage() : first;
                }
            }
            return new Summary(template.route(), count, List.copyOf(results), landings(results), refused, first);
        } finally {
            pool.shutdownNow();
        }
    }

    static Invoker.Request numbered(Invoker.Request t, int i) {
        String n = Integer.toString(i);
        return new Invoker.Request(t.route(), t.trafficClass(),
                t.routingKey() == null ? null : t.routingKey().replace("{i}", n), t.function(),
                t.args().stream().map(a -> a.replace("{i}", n)).toList(), t.evaluate(), t.chaincode());
    }

    static List<Landing> landings(List<Invoker.Result> results) {
        Map<String, List<Invoker.Result>> byTarget = new TreeMap<>();
        for (Invoker.Result r : results) {
            byTarget.computeIfAbsent(r.label() + "\n" + r.target(), k -> new ArrayList<>()).add(r);
        }
        List<Landing> out = new ArrayList<>();
        byTarget.forEach((k, rs) -> {
            Map<String, Integer> classes = new TreeMap<>();
            rs.forEach(r -> classes.merge(r.trafficClass(), 1, Integer::sum));
            int errors = (int) rs.stream().filter(r -> !r.ok()).count();
            out.add(new Landing(rs.get(0).label(), rs.get(0).target(), rs.get(0).version(), rs.size(), errors,
                    classes));
        });
        return out;
    }
}
