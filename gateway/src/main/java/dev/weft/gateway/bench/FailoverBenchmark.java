package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.scheduler.ReadyWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench failover}: tasks of one organisation flow at a steady rate while the
 * instance acting for it is faulted again and again (SIGKILL and SIGSTOP in turn); the
 * {@link FailoverRig} of the mode under test provides the instances. Measured from the
 * chain's own event stream, in block order:
 * <ul>
 *   <li>takeover: fault → first committed result signed by another instance;</li>
 *   <li>accepted from deposed: a result committed from an instance after the chain had
 *       made another one the actor (in block and transaction order);</li>
 *   <li>false failovers: changes of the actor outside any fault's window;</li>
 *   <li>keepalive share: the mode's on-chain keepalive transactions ÷ every committed
 *       transaction of the run (each Weft transaction emits exactly one event);</li>
 *   <li>lost and duplicate results: the audit of every task created.</li>
 * </ul>
 */
public final class FailoverBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverBenchmark.class);
    private static final ObjectMapper JSON = Json.PLAIN.mapper();

    /**
     * @param rate   tasks created per second (open loop)
     * @param giveUp how long a takeover, and the final drain, may take before the run goes on without it
     */
    public record Settings(Profile profile, int faults, double rate, long subtaskDelayMillis, Duration giveUp,
            int masterTtlSeconds, Duration keepalive) {
    }

    /** One event of the run, in stream order. */
    private record Entry(long nanos, String txId, String taskId, String actor, boolean keepalive) {
    }

    private final Settings s;
    private final List<Entry> log = new CopyOnWriteArrayList<>();
    private final Map<String, String> submitterByTx = new ConcurrentHashMap<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong keepalives = new AtomicLong();
    private volatile boolean running = true;

    public FailoverBenchmark(Settings settings) {
        this.s = settings;
    }

    public FailoverReport run(FailoverRig rig) throws Exception {
        String msp = s.profile().mspId();
        try (ChainClient admin = ChainClient.connect(s.profile().connection("Admin", 0));
                ChainClient client = ChainClient.connect(s.profile().connection("User1", 0));
                ChainClient reader = ChainClient.connect(s.profile().connection("User1", 0));
                RecoveryEvents events = RecoveryEvents.listen(reader, reader.blockHeight())) {
            String definition = RecoveryLoad.define(admin, "bench-failover", 1, msp, s.subtaskDelayMillis());
            ExecutorService resolver = Executors.newFixedThreadPool(4);
            Thread listener = listen(reader, reader.blockHeight(), rig, resolver);
            rig.start();
            List<String> created = Collections.synchronizedList(new ArrayList<>());
            ExecutorService creators = Executors.newFixedThreadPool(16);
            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
            long period = Math.max(1, (long) (1e9 / s.rate()));
            // Open loop, but never more than 32 creations in flight: a slow channel lowers the rate, not memory.
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
            AtomicLong skipped = new AtomicLong();
            pace.scheduleAtFixedRate(() -> {
                if (!inFlight.tryAcquire()) {
                    skipped.incrementAndGet();
                    return;
                }
                creators.execute(() -> {
                    try {
                        created.addAll(RecoveryLoad.create(client, definition, 1, 1));
                    } catch (RuntimeException e) {
                        LOG.warn("task not created: {}", e.toString());
                    } finally {
                        inFlight.release();
                    }
                });
            }, 0, period, TimeUnit.NANOSECONDS);
            long began = System.nanoTime();

            List<long[]> windows = new ArrayList<>();
            List<Double> takeovers = new ArrayList<>();
            int kills = 0;
            int stops = 0;
            String stoppedEarly = null;
            try {
                String acting = rig.actingIdentity();
                awaitResultBy(acting, System.nanoTime(), s.giveUp());
                for (int i = 0; i < s.faults() && stoppedEarly == null; i++) {
                    FailoverRig.Kind kind = i % 2 == 0 ? FailoverRig.Kind.SIGKILL : FailoverRig.Kind.SIGSTOP;
                    FailoverRig.Fault fault;
                    try {
                        fault = rig.fault(kind);
                    } catch (RuntimeException e) {
                        stoppedEarly = "fault " + (i + 1) + " not injected: " + e.getMessage();
                        LOG.warn("{}; the run ends here and reports what it measured", stoppedEarly);
                        break;
                    }
                    kills += kind == FailoverRig.Kind.SIGKILL ? 1 : 0;
                    stops += kind == FailoverRig.Kind.SIGSTOP ? 1 : 0;
                    long[] window = {fault.atNanos(), Long.MAX_VALUE};
                    windows.add(window);
                    long took = awaitResultNotBy(fault.identity(), fault.atNanos(), s.giveUp());
                    if (took > 0) {
                        takeovers.add((took - fault.atNanos()) / 1e9);
                        LOG.info("fault {} ({} of {}): takeover in {} s", i + 1, kind, fault.instance(),
                                String.format("%.2f", (took - fault.atNanos()) / 1e9));
                    } else {
                        LOG.warn("fault {} ({} of {}): no takeover within {}", i + 1, kind, fault.instance(),
                                s.giveUp());
                    }
                    window[1] = took > 0 ? took : System.nanoTime();
                    rig.repair(fault);
                    // The next fault meets a warm standby: the repaired instance has finished its first round.
                    if (!rig.awaitStandby(fault, s.giveUp())) {
                        stoppedEarly = "after fault " + (i + 1) + " " + fault.instance() + " did not stand by within "
                                + s.giveUp();
                        LOG.warn("{}; the run ends here and reports what it measured", stoppedEarly);
                        break;
                    }
                    awaitResultBy(rig.actingIdentity(), System.nanoTime(), s.giveUp());
                }
            } catch (RuntimeException e) {
                stoppedEarly = "after " + (kills + stops) + " faults: " + e;
                LOG.warn("{}; the run ends here and reports what it measured", stoppedEarly);
            } finally {
                pace.shutdownNow();
                creators.shutdown();
                creators.awaitTermination(2, TimeUnit.MINUTES);
            }
            double achieved = created.size() / ((System.nanoTime() - began) / 1e9);
            if (skipped.get() > 0) {
                LOG.warn("{} task creations skipped: the channel took fewer than {} tasks/s", skipped.get(), s.rate());
            }
            List<String> tasks = List.copyOf(created);
            events.awaitEnded(tasks, s.giveUp());
            RecoveryLoad.Audit audit = RecoveryLoad.audit(reader, tasks, msp, events, List.of());
            resolveAll(reader, tasks);
            running = false;
            listener.interrupt();
            resolver.shutdownNow();
            long refused = rig.refusedFromDeposed();
            long accepted = acceptedFromDeposed();
            int falseFailovers = falseFailovers(windows);
            List<Double> sorted = new ArrayList<>(takeovers);
            Collections.sort(sorted);
            long tx = transactions.get();
            return new FailoverReport(rig.mode(), s.faults(), kills + stops, stoppedEarly, takeovers.size(), kills, stops, pct(sorted, 0.50),
                    pct(sorted, 0.95), sorted.isEmpty() ? 0 : round(sorted.get(sorted.size() - 1)), accepted, refused,
                    audit.lost(), audit.duplicateResults(), falseFailovers,
                    tx == 0 ? 0 : round4((double) keepalives.get() / tx), keepalives.get(), tx, tasks.size(),
                    round(achieved),
                    s.masterTtlSeconds(), s.keepalive() == null ? s.masterTtlSeconds() / 3.0
                            : s.keepalive().toMillis() / 1000.0, takeovers, FailoverReport.Anchors.DEFAULT);
        }
    }

    /** Reads every event from {@code start}, in order, into the log; result submitters are resolved aside. */
    private Thread listen(ChainClient reader, long start, FailoverRig rig, ExecutorService resolver) {
        Thread t = new Thread(() -> {
            long next = start;
            java.util.Set<String> seen = ConcurrentHashMap.newKeySet();
            while (running) {
                try (CloseableIterator<ChaincodeEvent> it = reader.events(next, null)) {
                    while (running && it.hasNext()) {
                        ChaincodeEvent e = it.next();
                        next = e.getBlockNumber();
                        if (!seen.add(e.getTransactionId())) {
                            continue;
                        }
                        transactions.incrementAndGet();
                        boolean ka = rig.isKeepalive(e.getEventName(), e.getPayload());
                        if (ka) {
                            keepalives.incrementAndGet();
                        }
                        String actor = rig.newActor(e.getEventName(), e.getPayload());
                        String taskId = resultOf(e);
                        log.add(new Entry(System.nanoTime(), e.getTransactionId(), taskId, actor, ka));
                        if (taskId != null) {
                            resolver.execute(() -> resolve(reader, taskId));
                        }
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.debug("event stream interrupted ({}); reopening at block {}", e.toString(), next);
                    }
                }
            }
        }, "weft-failover-events");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The task of a result transaction (a task event of kind ADVANCED, COMPLETED or FAILED), else null. */
    private static String resultOf(ChaincodeEvent e) {
        if (!ReadyWork.TASK_EVENT.equals(e.getEventName())) {
            return null;
        }
        JsonNode p = read(e.getPayload());
        String kind = p.path("kind").asText();
        return "ADVANCED".equals(kind) || "COMPLETED".equals(kind) || "FAILED".equals(kind)
                ? p.path("taskId").asText() : null;
    }

    private void resolve(ChainClient reader, String taskId) {
        try {
            JsonNode task = read(reader.evaluate("task:GetTask", taskId));
            for (JsonNode st : task.path("subtasks")) {
                for (JsonNode r : st.path("results")) {
                    submitterByTx.put(r.path("txId").asText(), r.path("submitter").asText());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("task {} not read: {}", taskId, e.toString());
        }
    }

    private void resolveAll(ChainClient reader, List<String> tasks) {
        for (Entry e : log) {
            if (e.taskId() != null && !submitterByTx.containsKey(e.txId())) {
                resolve(reader, e.taskId());
            }
        }
    }

    /** Waits for a committed result signed by {@code identity} that arrived after {@code after}. */
    private void awaitResultBy(String identity, long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Entry e : log) {
                if (e.nanos() > after && e.taskId() != null && identity != null
                        && identity.equals(submitterByTx.get(e.txId()))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        LOG.warn("no result of {} within {}", identity, timeout);
    }

    /** The arrival time of the first committed result after {@code after} not signed by {@code deposed}; -1: none. */
    private long awaitResultNotBy(String deposed, long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Entry e : log) {
                String by = e.taskId() == null ? null : submitterByTx.get(e.txId());
                if (e.nanos() > after && by != null && !by.equals(deposed)) {
                    return e.nanos();
                }
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /** Results, in stream order, whose submitter is not the actor the chain had named by then. */
    private long acceptedFromDeposed() {
        String actor = null;
        long n = 0;
        for (Entry e : log) {
            if (e.actor() != null) {
                actor = e.actor();
            }
            String by = e.taskId() == null ? null : submitterByTx.get(e.txId());
            if (by != null && actor != null && !by.equals(actor)) {
                n++;
                LOG.warn("result {} of task {} from {} while {} acted", e.txId(), e.taskId(), by, actor);
            }
        }
        return n;
    }

    /** Changes of the actor after the first one that fall in no fault's window. */
    private int falseFailovers(List<long[]> windows) {
        int n = 0;
        boolean first = true;
        for (Entry e : log) {
            if (e.actor() == null) {
                continue;
            }
            if (first) {
                first = false;
                continue;
            }
            boolean explained = windows.stream().anyMatch(w -> e.nanos() >= w[0] && e.nanos() <= w[1]);
            n += explained ? 0 : 1;
        }
        return n;
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

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
