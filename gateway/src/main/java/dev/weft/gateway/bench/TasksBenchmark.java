package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.scheduler.ReadyWork;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.scheduler.SchedulerMetrics;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.proto.task.v1.TaskEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench tasks}: raw Fabric and Weft measured in one run on the same
 * network. Raw: submit-and-commit of a trivial transaction ({@code system:Ping})
 * by {@code rawConcurrency} closed-loop clients — committed tx/s (R) and latency
 * (L). Weft: one-subtask tasks, each of {@code concurrency} clients keeping up to
 * {@code tasksInFlight} of its tasks open and creating the next as soon as its
 * previous creation has committed (so each client, like a raw one, has one
 * transaction of its own in flight at any time), completed by a gateway of Org1
 * with its engine: completed tasks/s, and latency from the creation's commit to
 * the commit of the result (observed on the event stream). With one task open
 * per client a task is two transactions in a row, and tasks/s can reach at
 * most R / 2.
 */
public final class TasksBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(TasksBenchmark.class);
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    static final String DEFINITION = "bench-one-subtask";

    /** What to run. */
    public record Settings(Profile profile, int concurrency, int rawConcurrency, Duration duration, Duration warmup,
            int workers, Path workDir, boolean batch, int tasksInFlight) {
    }

    private final Settings settings;

    public TasksBenchmark(Settings settings) {
        this.settings = settings;
    }

    public BenchReport.Tasks run() throws Exception {
        try (ChainClient admin = ChainClient.connect(settings.profile().connection("Admin", 0));
                ChainClient client = ChainClient.connect(settings.profile().connection("User1", 0))) {
            ensureDefinition(admin);
            Phase raw = rawPhase(client);
            LOG.info("raw: {} tx/s, p50 {} ms", raw.rate(), raw.latency.percentileMillis(50));
            try (LocalGateway gateway = LocalGateway.start(settings.profile(), settings.workDir(),
                    settings.workers(), settings.batch() ? SchedulerConfig.DEFAULT_MAX_BATCH : 1);
                    TaskCreator creator = settings.batch()
                            ? TaskCreator.batched(client, SchedulerConfig.DEFAULT_MAX_BATCH, 2)
                            : TaskCreator.single(client)) {
                SchedulerMetrics.Snapshot before = gateway.scheduler().metrics();
                gateway.metrics().resultLatencies(); // from here on: the task phase's only
                gateway.metrics().commitLatencies();
                Phase tasks = taskPhase(client, creator);
                org.HdrHistogram.Histogram ready = gateway.metrics().resultLatencies();
                org.HdrHistogram.Histogram commit = gateway.metrics().commitLatencies();
                SchedulerMetrics.Snapshot after = gateway.scheduler().metrics();
                long submissions = after.submissions() - before.submissions();
                long conflicts = after.conflictRetries() - before.conflictRetries();
                return new BenchReport.Tasks(raw.rate(), raw.latency.percentileMillis(50),
                        raw.latency.percentileMillis(99), tasks.rate(), tasks.latency.percentileMillis(50),
                        tasks.latency.percentileMillis(99), submissions == 0 ? 0 : (double) conflicts / submissions,
                        BenchReport.batchTimeoutMillis(), settings.concurrency(), settings.rawConcurrency(),
                        settings.workers(), settings.duration().toSeconds(),
                        tasks.latency.count(), submissions, conflicts, tasks.created(), tasks.lost(),
                        settings.batch(), settings.tasksInFlight(), tasks.creation.percentileMillis(50),
                        BenchReport.BatchSizes.of(gateway.metrics().batchSizes()),
                        BenchReport.BatchSizes.of(creator.sizes()),
                        ready.getValueAtPercentile(50) / 1000.0, commit.getValueAtPercentile(50) / 1000.0);
            }
        }
    }

    private void ensureDefinition(ChainClient admin) {
        try {
            new TaskLedger(admin).definition(DEFINITION);
        } catch (ChainException missing) {
            new TaskLedger(admin).register("{\"id\":\"" + DEFINITION + "\",\"description\":"
                    + "\"one subtask of Org1, for benchmarks\",\"subtasks\":[{\"name\":\"work\",\"operation\":\"sum\","
                    + "\"participants\":[\"" + settings.profile().mspId() + "\"],\"parameters\":{\"values\":\"1,2,3\"}}]}");
        }
    }

    /**
     * A measured phase: events in the window after warm-up, and their latencies;
     * for the task phase also how many tasks were created and how many of them
     * did not complete within {@link #TASK_TIMEOUT} (lost).
     */
    private record Phase(long inWindow, double windowSeconds, LatencyRecorder latency, long created, long lost,
            LatencyRecorder creation) {
        double rate() {
            return windowSeconds <= 0 ? 0 : inWindow / windowSeconds;
        }
    }

    private Phase rawPhase(ChainClient client) throws InterruptedException {
        LatencyRecorder latency = new LatencyRecorder();
        AtomicLong counted = new AtomicLong();
        long start = System.nanoTime();
        long warmEnd = start + settings.warmup().toNanos();
        long end = warmEnd + settings.duration().toNanos();
        runClients(settings.rawConcurrency(), () -> {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                client.submit("system:Ping", "bench");
                long t1 = System.nanoTime();
                if (t0 >= warmEnd && t1 <= end) {
                    latency.record(t1 - t0);
                    counted.incrementAndGet();
                }
            }
        });
        return new Phase(counted.get(), settings.duration().toNanos() / 1e9, latency, 0, 0, null);
    }

    /**
     * Each client keeps up to {@code tasksInFlight} of its tasks open. It creates a task and, once that
     * creation has committed, creates the next one, so that, like a raw client, it has one transaction of
     * its own in flight at any time. When it already has that many open, it first waits for the oldest
     * one's result. With 1 it waits for each task's result before it creates the next, and tasks/s can
     * reach at most half of raw tx/s. The bound keeps the gateway measured at a load it can carry: the
     * latency is the pipeline's, not a growing queue's.
     */
    private Phase taskPhase(ChainClient client, TaskCreator creator) throws Exception {
        Map<String, Open> open = new ConcurrentHashMap<>();
        LatencyRecorder latency = new LatencyRecorder();
        LatencyRecorder creation = new LatencyRecorder();
        AtomicLong counted = new AtomicLong();
        AtomicLong unfinished = new AtomicLong();
        AtomicLong created = new AtomicLong();
        long start = System.nanoTime();
        long warmEnd = start + settings.warmup().toNanos();
        long end = warmEnd + settings.duration().toNanos();
        EventStream events = EventStream.start(() -> client, client.blockHeight(), new InMemoryCheckpointer(),
                e -> onEvent(e, open));
        try {
            runClients(settings.concurrency(), () -> {
                ArrayDeque<String> mine = new ArrayDeque<>();
                boolean announced = false;
                while (System.nanoTime() < end || !mine.isEmpty()) {
                    if (mine.size() >= settings.tasksInFlight() || (!mine.isEmpty() && System.nanoTime() >= end)) {
                        String oldest = mine.removeFirst();
                        Open task = open.get(oldest);
                        task.await();
                        open.remove(oldest);
                        Long done = task.done();
                        if (done == null) {
                            unfinished.incrementAndGet();
                            continue;
                        }
                        if (task.createdAt >= warmEnd && done <= end) {
                            latency.record(done - task.createdAt);
                        }
                        if (done >= warmEnd && done <= end) {
                            counted.incrementAndGet();
                        }
                        continue;
                    }
                    long asked = System.nanoTime();
                    String taskId = creator.create(DEFINITION, announced);
                    long committed = System.nanoTime();
                    announced = true;
                    created.incrementAndGet();
                    if (asked >= warmEnd && committed <= end) {
                        creation.record(committed - asked);
                    }
                    open.computeIfAbsent(taskId, id -> new Open()).created(committed);
                    mine.addLast(taskId);
                }
                if (announced) {
                    creator.notComing();
                }
            });
        } finally {
            events.close();
        }
        if (unfinished.get() > 0) {
            LOG.warn("{} task(s) did not complete within {} of their creation", unfinished.get(), TASK_TIMEOUT);
        }
        return new Phase(counted.get(), settings.duration().toNanos() / 1e9, latency, created.get(),
                unfinished.get(), creation);
    }

    /** One open task: when its creation committed, and when its end was seen. */
    private static final class Open {
        private final CompletableFuture<Long> end = new CompletableFuture<>();
        private volatile long createdAt;

        void created(long at) {
            createdAt = at;
        }

        /** The end was seen at {@code at} (once: an event delivered again after a reconnect changes nothing). */
        void ended(long at) {
            end.complete(at);
        }

        /** Waits for the end, up to {@link #TASK_TIMEOUT}. */
        void await() {
            awaitTask(end);
        }

        Long done() {
            return end.isDone() && !end.isCompletedExceptionally() ? end.join() : null;
        }
    }

    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(2);

    /** When the task's result commit was seen, or null when it was not within {@link #TASK_TIMEOUT}. */
    private static Long awaitTask(CompletableFuture<Long> done) {
        try {
            return done.get(TASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A task that ended completes its entry (once: an event delivered again after a reconnect changes nothing). */
    private static void onEvent(ChaincodeEvent e, Map<String, Open> open) {
        if (ReadyWork.TASK_EVENT.equals(e.getEventName())) {
            long now = System.nanoTime();
            for (TaskEvent te : ReadyWork.perTask(ReadyWork.parse(e.getPayload()))) {
                if (!"RUNNING".equals(te.getTaskStatus())) {
                    open.computeIfAbsent(te.getTaskId(), id -> new Open()).ended(now);
                }
            }
        }
    }

    private void runClients(int clients, Runnable body) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.execute(body);
        }
        pool.shutdown();
        if (!pool.awaitTermination(settings.warmup().plus(settings.duration()).toSeconds() + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }
}
