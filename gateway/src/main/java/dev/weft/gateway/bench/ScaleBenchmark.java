package dev.weft.gateway.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.scheduler.ReadyWork;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskParams;
import dev.weft.proto.task.v1.TaskEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench scale} (issue 16): how the cost of one task grows with its size.
 * Per size N, one task of N subtasks: N − 1 independent {@code sum} subtasks spread
 * over every organisation (round robin), then one {@code combine} of Org1's that
 * depends on all of them (N = 1: one subtask). Every organisation runs a gateway
 * with its own engine in this process. Reported per size: the time from the
 * creation's commit to the event that ends the task, the transactions the task
 * cost per subtask (the creation, and every result or failure transaction the
 * gateways sent for it, batches counted once), the p50/p99 of a result's commit
 * latency (from handing it to the chain client, or to the batch it joins, to its
 * commit), and of its time from its ready event at its gateway to its commit
 * (which includes waiting for a worker and the engine).
 */
public final class ScaleBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);

    /** What to run: the organisations (the first creates the tasks and runs the fan-in). */
    public record Settings(List<Profile> orgs, List<Integer> sizes, int workers, int maxBatch, Duration timeout,
            Path workDir) {
        public Settings {
            orgs = List.copyOf(orgs);
            sizes = List.copyOf(sizes);
            if (orgs.isEmpty() || sizes.isEmpty()) {
                throw new IllegalArgumentException("bench scale needs at least one organisation and one size");
            }
        }
    }

    /** One task size's figures. */
    public record Size(
            @JsonProperty("subtasks") int subtasks,
            @JsonProperty("status") String status,
            @JsonProperty("completion_s") double completionS,
            @JsonProperty("transactions") long transactions,
            @JsonProperty("tx_per_subtask") double txPerSubtask,
            @JsonProperty("result_p50_ms") double resultP50Ms,
            @JsonProperty("result_p99_ms") double resultP99Ms,
            @JsonProperty("ready_to_commit_p50_ms") double readyP50Ms,
            @JsonProperty("ready_to_commit_p99_ms") double readyP99Ms,
            @JsonProperty("results") long results) {
    }

    /** The whole run. */
    public record Report(
            @JsonProperty("sizes") List<Size> sizes,
            @JsonProperty("organisations") int organisations,
            @JsonProperty("gateway_workers") int workers,
            @JsonProperty("max_batch") int maxBatch) {

        public String text() {
            StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "%9s  %-9s  %12s  %12s  %14s  %13s  %13s  %15s%n", "subtasks", "status", "completion_s",
                    "transactions", "tx_per_subtask", "result_p50_ms", "result_p99_ms", "ready_to_commit"));
            for (Size s : sizes) {
                b.append(String.format(java.util.Locale.ROOT,
                        "%9d  %-9s  %12.2f  %12d  %14.3f  %13.1f  %13.1f  %12.1f ms%n", s.subtasks(), s.status(),
                        s.completionS(), s.transactions(), s.txPerSubtask(), s.resultP50Ms(), s.resultP99Ms(),
                        s.readyP50Ms()));
            }
            return b.append(String.format(java.util.Locale.ROOT, "%d organisations, %d gateway workers each, "
                    + "at most %d results a transaction", organisations, workers, maxBatch)).toString();
        }
    }

    private final Settings settings;

    public ScaleBenchmark(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Report run() throws Exception {
        Profile creator = settings.orgs().get(0);
        List<LocalGateway> gateways = new ArrayList<>();
        try (ChainClient client = ChainClient.connect(creator.connection("User1", 0))) {
            for (Profile org : settings.orgs()) {
                gateways.add(LocalGateway.start(org, settings.workDir().resolve(org.name()), settings.workers(),
                        settings.maxBatch()));
            }
            List<Size> sizes = new ArrayList<>();
            for (int n : settings.sizes()) {
                sizes.add(measure(client, gateways, n));
                LOG.info("scale: {}", sizes.get(sizes.size() - 1));
            }
            return new Report(sizes, settings.orgs().size(), settings.workers(), settings.maxBatch());
        } finally {
            gateways.forEach(LocalGateway::close);
        }
    }

    private Size measure(ChainClient client, List<LocalGateway> gateways, int n) throws Exception {
        String id = define(n);
        long[] before = transactionsSent(gateways);
        gateways.forEach(g -> g.metrics().resultLatencies());
        gateways.forEach(g -> g.metrics().commitLatencies());
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<Ended> ended = new CompletableFuture<>();
        try (EventStream events = EventStream.start(() -> client, client.blockHeight(), new InMemoryCheckpointer(),
                e -> follow(e, mine, ended))) {
            TaskLedger.Submitted created = new TaskLedger(client).create(id, TaskParams.none());
            long createdAt = System.nanoTime();
            mine.complete(created.value().path("taskId").asText());
            Ended end = new Ended("TIMEOUT", -1);
            try {
                end = ended.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn("scale: the task of {} subtasks did not end within {}", n, settings.timeout());
            }
            Thread.sleep(500); // the last result's commit is counted by its gateway just after the event
            long[] after = transactionsSent(gateways);
            long tx = 1;
            for (int i = 0; i < after.length; i++) {
                tx += after[i] - before[i];
            }
            Histogram commit = new Histogram(3);
            Histogram ready = new Histogram(3);
            gateways.forEach(g -> commit.add(g.metrics().commitLatencies()));
            gateways.forEach(g -> ready.add(g.metrics().resultLatencies()));
            double completion = end.at() < 0 ? -1 : (end.at() - createdAt) / 1e9;
            return new Size(n, end.status(), completion, tx, (double) tx / n,
                    commit.getValueAtPercentile(50) / 1000.0, commit.getValueAtPercentile(99) / 1000.0,
                    ready.getValueAtPercentile(50) / 1000.0, ready.getValueAtPercentile(99) / 1000.0,
                    commit.getTotalCount());
        } finally {
            mine.cancel(false); // a creation that failed leaves the follower nothing to wait for
        }
    }

    /** Result (or batch) transactions each gateway has sent so far. */
    private long[] transactionsSent(List<LocalGateway> gateways) {
        long[] sent = new long[gateways.size()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = settings.maxBatch() > 1 ? gateways.get(i).metrics().batchSizes().getTotalCount()
                    : gateways.get(i).metrics().snapshot().submissions();
        }
        return sent;
    }

    /** How a task ended: its status and when its event was seen (nanoTime; -1: not seen). */
    private record Ended(String status, long at) {
    }

    /** Completes {@code ended} with the event that takes the task {@code mine} names out of RUNNING. */
    /** The task's end, from the first event that says it is no longer running. */
    private static void follow(ChaincodeEvent e, CompletableFuture<String> mine, CompletableFuture<Ended> ended) {
        if (!ReadyWork.TASK_EVENT.equals(e.getEventName()) || ended.isDone()) {
            return;
        }
        String taskId;
        try {
            taskId = mine.join();
        } catch (java.util.concurrent.CancellationException creationFailed) {
            return;
        }
        for (TaskEvent te : ReadyWork.perTask(ReadyWork.parse(e.getPayload()))) {
            if (taskId.equals(te.getTaskId()) && !"RUNNING".equals(te.getTaskStatus())) {
                ended.complete(new Ended(te.getTaskStatus(), System.nanoTime()));
                return;
            }
        }
    }

    /** Registers the definition of size {@code n} and has every organisation's admin approve it. */
    private String define(int n) {
        List<Map<String, Object>> subtasks = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        int leafCount = n == 1 ? 1 : n - 1;
        for (int i = 1; i <= leafCount; i++) {
            String name = String.format(java.util.Locale.ROOT, "l%04d", i);
            leaves.add(name);
            subtasks.add(Map.of("name", name, "operation", "sum", "participants",
                    List.of(settings.orgs().get((i - 1) % settings.orgs().size()).mspId()),
                    "parameters", Map.of("values", i + ",1,2")));
        }
        if (n > 1) {
            subtasks.add(Map.of("name", "fanin", "operation", "combine", "participants",
                    List.of(settings.orgs().get(0).mspId()), "dependsOn", leaves));
        }
        String id = "bench-scale-" + n + "-" + Long.toString(System.currentTimeMillis(), 36);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", id);
        definition.put("description", "weft bench scale: " + n + " subtasks, fan-out then fan-in");
        definition.put("subtasks", subtasks);
        String digest;
        try (ChainClient admin = ChainClient.connect(settings.orgs().get(0).connection("Admin", 0))) {
            JsonNode stored = new TaskLedger(admin).register(Json.PLAIN.write(definition)).value();
            digest = stored.path("digest").asText();
        }
        for (Profile org : settings.orgs().subList(1, settings.orgs().size())) {
            if (n == 1 && !org.mspId().equals(settings.orgs().get(0).mspId())) {
                continue; // one subtask of the first organisation: nobody else participates
            }
            try (ChainClient admin = ChainClient.connect(org.connection("Admin", 0))) {
                new TaskLedger(admin).approve(id, digest);
            }
        }
        return id;
    }
}
