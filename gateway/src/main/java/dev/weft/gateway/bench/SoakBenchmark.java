package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench soak} (issue 8): a long run of multi-organisation DAG tasks
 * (by default the three-organisation example: three leaves, one per organisation,
 * and a fan-in) against every organisation's running gateway ({@code
 * ./test-network.sh services}). {@code clients} creators, each through another
 * organisation's peer, create tasks at a steady total rate for {@code duration};
 * then it waits up to {@code giveUp} for every task to end, and reads each
 * gateway's resident memory after warm-up and at the end.
 */
public final class SoakBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(SoakBenchmark.class);
    private static final ObjectMapper JSON = Json.PLAIN.mapper();

    /** What to run; {@code orgs} are the profiles whose gateways run and whose users create. */
    public record Settings(List<String> orgs, String definition, int clients, double rate, Duration duration,
            Duration warmup, Duration giveUp, Path runDir) {
    }

    private final Settings s;

    public SoakBenchmark(Settings settings) {
        this.s = settings;
    }

    public SoakReport run() throws Exception {
        Map<String, Long> gateways = new LinkedHashMap<>();
        for (String org : s.orgs()) {
            gateways.put(org, gatewayPid(org));
        }
        List<ChainClient> creators = new ArrayList<>();
        try (ChainClient reader = ChainClient.connect(Profile.load(s.orgs().get(0)).connection("User1", 0));
                RecoveryEvents events = RecoveryEvents.listen(reader, reader.blockHeight())) {
            new TaskLedger(reader).definition(s.definition());
            for (int i = 0; i < s.clients(); i++) {
                creators.add(ChainClient.connect(Profile.load(s.orgs().get(i % s.orgs().size()))
                        .connection("User1", 0)));
            }
            List<String> created = Collections.synchronizedList(new ArrayList<>());
            Map<String, Double> warm = new LinkedHashMap<>();
            long start = System.nanoTime();
            long end = start + s.duration().toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(s.clients());
            AtomicInteger failedCreates = new AtomicInteger();
            long intervalNanos = (long) (s.clients() / s.rate() * 1e9);
            for (ChainClient creator : creators) {
                pool.execute(() -> create(creator, start, end, intervalNanos, created, failedCreates));
            }
            Thread.sleep(Math.min(s.warmup().toMillis(), s.duration().toMillis()));
            gateways.forEach((org, pid) -> warm.put(org, rssMib(pid)));
            LOG.info("soak: warm-up over, gateway memory {} MiB; load continues", warm);
            pool.shutdown();
            pool.awaitTermination(s.duration().toSeconds() + 120, TimeUnit.SECONDS);
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            LOG.info("soak: load stopped: {} tasks created ({} creations failed); waiting up to {} s for them",
                    created.size(), failedCreates.get(), s.giveUp().toSeconds());
            events.awaitEnded(created, s.giveUp());
            Map<String, Double> last = new LinkedHashMap<>();
            gateways.forEach((org, pid) -> last.put(org, rssMib(pid)));
            List<String> lost = new ArrayList<>();
            int completed = 0;
            int failed = 0;
            for (String taskId : created) {
                String status = events.endStatus(taskId);
                if ("COMPLETED".equals(status)) {
                    completed++;
                } else {
                    lost.add(taskId);
                    failed += "FAILED".equals(status) ? 1 : 0;
                }
            }
            double growth = 0;
            for (String org : warm.keySet()) {
                growth = Math.max(growth, last.get(org) / warm.get(org));
            }
            return new SoakReport(created.size(), completed, failed, lost.size(), s.rate(),
                    round(created.size() / loadSeconds), round(completed / loadSeconds), s.duration().toSeconds(),
                    s.warmup().toSeconds(), s.giveUp().toSeconds(), s.clients(), s.definition(), warm, last,
                    round(growth), lost);
        } finally {
            creators.forEach(ChainClient::close);
        }
    }

    /** One creator: a task every {@code interval}, on a fixed schedule, until {@code end}. */
    private void create(ChainClient creator, long start, long end, long interval, List<String> created,
            AtomicInteger failedCreates) {
        long next = start + (long) (Math.random() * interval);
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                created.add(new TaskLedger(creator).create(s.definition(), TaskParams.none()).value()
                        .path("taskId").asText());
            } catch (RuntimeException e) {
                failedCreates.incrementAndGet();
                LOG.warn("soak: a task creation failed: {}", e.getMessage());
            }
            next += interval;
        }
    }

    private long gatewayPid(String org) {
        Path file = s.runDir().resolve("pids").resolve("gateway-" + org + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return pid;
            }
        } catch (IOException | NumberFormatException e) {
            // handled below
        }
        throw new IllegalArgumentException("the gateway of " + org + " is not running (" + file
                + "); start every organisation's gateway with ./test-network.sh services");
    }

    /** The resident memory of the process and its descendants, from /proc. */
    static double rssMib(long pid) {
        long kib = rssKib(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            kib += rssKib(child.pid());
        }
        return round(kib / 1024.0);
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of process " + pid, e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
