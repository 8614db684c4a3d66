package dev.weft.gateway.bench;

import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.exchange.ExchangeLinks;
import dev.weft.gateway.engine.exchange.ExchangePort;
import dev.weft.gateway.engine.exchange.ExchangeSession;
import dev.weft.gateway.engine.exchange.ExchangeTrust;
import dev.weft.gateway.engine.exchange.StreamPort;
import dev.weft.gateway.transport.TlsMaterial;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code weft bench exchange} (S1.10): how fast an item crosses from one organisation's
 * engine to another's over the exchange, against a plain TLS socket copy between the same
 * two endpoints with the same mutual-TLS material in the same run ({@link TlsCopy}).
 *
 * <ul>
 *   <li><b>direct</b>: Org A's standard engine sends to Org B's (one hop; items above 1 MiB
 *       go by digest: announced, then fetched over the sender's item stream, or over gRPC
 *       {@code Fetch} in 1 MiB chunks without {@link Settings#stream});</li>
 *   <li><b>relayed</b>: A's unit engine → A's standard engine → B's standard engine → B's
 *       unit engine (three hops, each fetching from the previous one while it still fills);</li>
 *   <li><b>baseline</b>: the bytes written by A's TLS identity into a socket that B's TLS
 *       identity serves, read into one array, acknowledged.</li>
 * </ul>
 *
 * <p>A run is timed from the sender's {@code send} to the receiver's {@code receive}
 * returning the whole, digest-checked item. Every hub and socket is on loopback in this
 * process; each organisation presents its own certificate and trusts both TLS CAs.
 */
public final class ExchangeBenchmark {
    static final int KIB = 1024;
    static final int MIB = 1024 * 1024;
    private static final Duration WAIT = Duration.ofMinutes(3);

    /**
     * @param a      sending organisation's MSP ID and TLS identity
     * @param b      receiving organisation's
     * @param sizes  payload sizes measured, bytes
     * @param runs   measured runs per size and path
     * @param warmup unmeasured runs per size before them, each of every path
     * @param small  1 KiB exchanges timed for the latency figure
     * @param stream each hub serves an item stream beside its exchange port (false: large items over Fetch only)
     */
    public record Settings(String a, TlsMaterial tlsA, String b, TlsMaterial tlsB, List<Integer> sizes, int runs,
            int warmup, int small, boolean stream) {
    }

    /**
     * Median throughput of one size on each path, MB/s (10^6 bytes a second), and the median CPU
     * time this process spent on one item on each path (every thread: TLS, copies, digests, GC).
     */
    public record SizeFigures(long bytes, double baseline_mb_s, double direct_mb_s, double relay_mb_s,
            double direct_ratio, double relay_ratio, long baseline_cpu_ms, long direct_cpu_ms, long relay_cpu_ms) {
    }

    public record Report(List<SizeFigures> sizes, int runs, int warmup_runs, double small_p50_ms, double small_p99_ms,
            double baseline_small_p50_ms, int small_exchanges, int chunk_bytes, int inline_limit_bytes,
            String load_average, String baseline_tls, String exchange_tls, String stream_tls, long streamed_fetches, long grpc_fetches) {
        public String text() {
            StringBuilder b = new StringBuilder();
            for (SizeFigures s : sizes) {
                b.append(String.format(Locale.ROOT, "%6.1f MiB  TLS copy %7.1f MB/s  direct %7.1f MB/s (%.2f)  "
                        + "relayed %7.1f MB/s (%.2f); CPU ms %d / %d / %d%n", s.bytes() / (double) MIB,
                        s.baseline_mb_s(), s.direct_mb_s(), s.direct_ratio(), s.relay_mb_s(), s.relay_ratio(),
                        s.baseline_cpu_ms(), s.direct_cpu_ms(), s.relay_cpu_ms()));
            }
            b.append(String.format(Locale.ROOT, "1 KiB      direct exchange p50 %.2f ms p99 %.2f ms (%d); TLS copy "
                    + "round trip p50 %.2f ms%n", small_p50_ms, small_p99_ms, small_exchanges, baseline_small_p50_ms));
            b.append(String.format(Locale.ROOT, "median of %d runs a size and path after %d warm-up; chunk %d B, "
                    + "inline up to %d B; load average %s%n", runs, warmup_runs, chunk_bytes, inline_limit_bytes,
                    load_average));
            b.append(String.format(Locale.ROOT, "TLS: copy %s; exchange %s; item stream %s%n", baseline_tls,
                    exchange_tls, stream_tls));
            b.append(String.format(Locale.ROOT, "large-item fetches: %d over item streams, %d over gRPC Fetch%n",
                    streamed_fetches, grpc_fetches));
            return b.toString();
        }
    }

    private final Settings settings;
    private final List<AutoCloseable> open = new ArrayList<>();
    private int attempt;

    public ExchangeBenchmark(Settings settings) {
        this.settings = settings;
    }

    public Report run() throws Exception {
        ExchangeTrust trust = ExchangeTrust.of(Map.of(settings.a(), settings.tlsA().trustedCa(), settings.b(),
                settings.tlsB().trustedCa()));
        try (TlsCopy copy = TlsCopy.start(settings.tlsA(), settings.tlsB())) {
            Hop a = hub(settings.a(), settings.tlsA(), trust, ExchangeHub.Options.STANDARD);
            Hop b = hub(settings.b(), settings.tlsB(), trust, ExchangeHub.Options.STANDARD);
            ExchangeHub.Options engine = new ExchangeHub.Options(false, ExchangeLinks.parse("*=relayed"), List.of(),
                    ExchangeHub.Options.STANDARD.inlineLimit());
            Hop unitA = hub(settings.a(), settings.tlsA(), trust, engine);
            Hop unitB = hub(settings.b(), settings.tlsB(), trust, engine);
            Map<String, String> published = Map.of(settings.a(), a.address(), settings.b(), b.address());
            List<SizeFigures> figures = new ArrayList<>();
            Random random = new Random(17);
            for (int size : settings.sizes()) {
                byte[] payload = new byte[size];
                random.nextBytes(payload);
                double[] base = new double[settings.runs()];
                double[] direct = new double[settings.runs()];
                double[] relayed = new double[settings.runs()];
                double[][] cpu = new double[3][settings.runs()];
                for (int r = -settings.warmup(); r < settings.runs(); r++) {
                    long c0 = cpuNanos();
                    double tb = copy.copy(payload);
                    long c1 = cpuNanos();
                    double td = direct(a, b, published, payload);
                    long c2 = cpuNanos();
                    double tr = relayed(a, b, unitA, unitB, published, payload);
                    long c3 = cpuNanos();
                    if (r >= 0) {
                        base[r] = mbPerSecond(size, tb);
                        direct[r] = mbPerSecond(size, td);
                        relayed[r] = mbPerSecond(size, tr);
                        cpu[0][r] = (c1 - c0) / 1e6;
                        cpu[1][r] = (c2 - c1) / 1e6;
                        cpu[2][r] = (c3 - c2) / 1e6;
                    }
                }
                double mb = median(base);
                double md = median(direct);
                double mr = median(relayed);
                figures.add(new SizeFigures(size, round(mb), round(md), round(mr), ratio(md, mb), ratio(mr, mb),
                        Math.round(median(cpu[0])), Math.round(median(cpu[1])), Math.round(median(cpu[2]))));
            }
            LatencyRecorder small = new LatencyRecorder();
            LatencyRecorder smallBase = new LatencyRecorder();
            smallExchanges(a, b, published, copy, small, smallBase);
            return new Report(figures, settings.runs(), settings.warmup(), small.percentileMillis(50),
                    small.percentileMillis(99), smallBase.percentileMillis(50), settings.small(), ExchangeHub.CHUNK,
                    ExchangeHub.Options.STANDARD.inlineLimit(), loadAverage(), copy.negotiated(),
                    b.port().negotiated(), b.stream() == null ? null : b.stream().negotiated(), fetches(a, b, unitA, unitB, true), fetches(a, b, unitA, unitB, false));
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    /** One organisation's exchange: a hub and its mutual-TLS port on loopback. */
    private record Hop(ExchangeHub hub, ExchangePort port, StreamPort stream) {
        String address() {
            return "127.0.0.1:" + port.port();
        }
    }

    private Hop hub(String msp, TlsMaterial tls, ExchangeTrust trust, ExchangeHub.Options options) {
        ExchangeHub hub = new ExchangeHub(msp, ExchangePort.clientCredentials(tls, trust),
                EngineTimer.create("bench-exchange-" + msp), Clock.systemUTC(), Duration.ofMinutes(30), options);
        open.add(hub);
        ExchangePort port = ExchangePort.start("127.0.0.1", 0, tls, trust, hub);
        open.add(port);
        StreamPort stream = settings.stream() ? StreamPort.start("127.0.0.1", 0, tls, trust, hub) : null;
        if (stream != null) {
            open.add(stream);
        }
        return new Hop(hub, port, stream);
    }

    private static long fetches(Hop a, Hop b, Hop unitA, Hop unitB, boolean streamed) {
        long n = 0;
        for (Hop h : List.of(a, b, unitA, unitB)) {
            n += streamed ? h.hub().fetches().streamed() : h.hub().fetches().fetched();
        }
        return n;
    }

    private ExchangeHub.Key nextKey(String path) {
        return new ExchangeHub.Key("bench", path, ++attempt);
    }

    private List<String> participants() {
        return List.of(settings.a(), settings.b());
    }

    /** Seconds for one item between the two standard engines. */
    private double direct(Hop a, Hop b, Map<String, String> published, byte[] payload) throws Exception {
        ExchangeHub.Key key = nextKey("direct");
        ExchangeSession out = a.hub().open(key, participants(), published);
        ExchangeSession in = b.hub().open(key, participants(), published);
        try {
            return timed(out, in, payload);
        } finally {
            a.hub().close(key);
            b.hub().close(key);
        }
    }

    /** Seconds for one item from A's unit engine through both standard engines to B's unit engine. */
    private double relayed(Hop a, Hop b, Hop unitA, Hop unitB, Map<String, String> published, byte[] payload)
            throws Exception {
        ExchangeHub.Key key = nextKey("relayed");
        a.hub().open(key, participants(), published, new ExchangeSession.Delegate(unitA.address(), Set.of(), false));
        b.hub().open(key, participants(), published, new ExchangeSession.Delegate(unitB.address(), Set.of(), false));
        ExchangeSession out = unitA.hub().open(key, participants(), published);
        ExchangeSession in = unitB.hub().open(key, participants(), published);
        try {
            return timed(out, in, payload);
        } finally {
            for (Hop h : List.of(unitA, a, b, unitB)) {
                h.hub().close(key);
            }
        }
    }

    private double timed(ExchangeSession out, ExchangeSession in, byte[] payload) throws Exception {
        long t0 = System.nanoTime();
        out.send(settings.b(), "blob", "bytes", payload);
        byte[] got = in.receive(settings.a(), "blob", WAIT);
        long t1 = System.nanoTime();
        if (got.length != payload.length) {
            throw new IllegalStateException("received " + got.length + " of " + payload.length + " bytes");
        }
        return (t1 - t0) / 1e9;
    }

    /** 1 KiB items over one open direct session (its link negotiated by a warm-up item), and 1 KiB TLS round trips. */
    private void smallExchanges(Hop a, Hop b, Map<String, String> published, TlsCopy copy, LatencyRecorder exchange,
            LatencyRecorder baseline) throws Exception {
        ExchangeHub.Key key = nextKey("small");
        ExchangeSession out = a.hub().open(key, participants(), published);
        ExchangeSession in = b.hub().open(key, participants(), published);
        byte[] payload = new byte[KIB];
        int warmup = Math.max(10, settings.small() / 10);
        try {
            for (int i = -warmup; i < settings.small(); i++) {
                payload[0] = (byte) i;
                payload[1] = (byte) (i >> 8);
                long t0 = System.nanoTime();
                out.send(settings.b(), "small-" + (i + warmup), "bytes", payload);
                in.receive(settings.a(), "small-" + (i + warmup), WAIT);
                long t1 = System.nanoTime();
                double tb = copy.copy(payload);
                if (i >= 0) {
                    exchange.record(t1 - t0);
                    baseline.record((long) (tb * 1e9));
                }
            }
        } finally {
            a.hub().close(key);
            b.hub().close(key);
        }
    }

    /** CPU time of this process so far (all threads), or 0 where the JVM does not tell. */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    static double mbPerSecond(long bytes, double seconds) {
        return bytes / 1e6 / seconds;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double ratio(double value, double ceiling) {
        return ceiling == 0 ? 0 : Math.round(value / ceiling * 1000) / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** The 1, 5 and 15 minute load averages of the machine, as /proc/loadavg gives them. */
    static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
