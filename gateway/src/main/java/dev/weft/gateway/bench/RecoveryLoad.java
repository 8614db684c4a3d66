package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineException;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work of crash tests and {@code weft bench recovery}: a task type of
 * independent one-participant {@code sum} subtasks (optionally slow, through the
 * aggregate unit's {@code delay-ms}), tasks created by concurrent clients, and
 * the audit that says whether anything was lost or done twice.
 *
 * <pre>{@code
 * String def = RecoveryLoad.define(admin, "crash", 2, "Org1MSP", 300);
 * List<String> ids = RecoveryLoad.create(client, def, 20, 8);
 * RecoveryLoad.Audit audit = RecoveryLoad.audit(reader, ids, "Org1MSP", events, engines);
 * }</pre>
 */
public final class RecoveryLoad {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();

    /**
     * What the chain and the engines say about a set of tasks.
     *
     * @param lost subtasks not COMPLETED
     * @param duplicateResults results of the organisation beyond one per subtask attempt, on the ledger or
     *     as extra result events (valid result transactions)
     * @param duplicateExecutions subtask attempts that the engines ran more than once in all
     * @param maxRuns the most executor runs any one attempt had, over all the engines asked
     * @param executions executor runs in all
     */
    public record Audit(int tasks, int subtasks, int lost, int duplicateResults, int duplicateExecutions, int maxRuns,
            long executions) {
    }

    private RecoveryLoad() {
    }

    /** Registers a task type of {@code subtasks} independent subtasks of {@code mspId}; returns its ID. */
    public static String define(ChainClient admin, String prefix, int subtasks, String mspId, long delayMillis) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 1; i <= subtasks; i++) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("values", i + ",10,100");
            if (delayMillis > 0) {
                parameters.put("delay-ms", Long.toString(delayMillis));
            }
            list.add(Map.of("name", "s" + i, "operation", "sum", "participants", List.of(mspId),
                    "parameters", parameters));
        }
        String id = prefix + "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + Integer.toHexString(
                (int) (System.nanoTime() & 0xffff));
        try {
            new TaskLedger(admin).register(JSON.writeValueAsString(Map.of("id", id,
                    "description", "independent " + mspId + " subtasks for recovery tests", "subtasks", list)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /**
     * Creates {@code count} tasks of {@code definitionId} from {@code concurrency} threads; returns their IDs.
     * The definition may have been registered through another organisation's peer a moment ago: creation
     * starts once {@code client}'s own peer has it (peers commit a block at different moments).
     */
    public static List<String> create(ChainClient client, String definitionId, int count, int concurrency) {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        TaskLedger tasks = new TaskLedger(client);
        awaitDefinition(tasks, definitionId, Duration.ofSeconds(30));
        AtomicInteger left = new AtomicInteger(count);
        run(concurrency, () -> {
            while (left.getAndDecrement() > 0) {
                ids.add(tasks.create(definitionId, TaskParams.none()).value().path("taskId").asText());
            }
            return null;
        });
        return List.copyOf(ids);
    }

    /** Waits until the client's peer answers for {@code definitionId}; NOT_FOUND after {@code timeout} is thrown. */
    static void awaitDefinition(TaskLedger tasks, String definitionId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                tasks.definition(definitionId);
                return;
            } catch (ChainException e) {
                if (!e.is(ErrorCode.NOT_FOUND) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for definition " + definitionId, e);
            }
        }
    }

    /**
     * Reads every task from the ledger and asks every engine how often it ran each
     * subtask attempt. Engines that cannot be reached (killed) are skipped.
     */
    public static Audit audit(ChainClient reader, List<String> taskIds, String mspId, RecoveryEvents events,
            List<EngineClient> engines) {
        int[] subtasks = new int[1];
        int[] lost = new int[1];
        int[] duplicates = new int[1];
        int[] duplicateRuns = new int[1];
        int[] maxRuns = new int[1];
        long[] executions = new long[1];
        List<java.util.concurrent.Callable<Void>> checks = new ArrayList<>();
        for (String taskId : taskIds) {
            checks.add(() -> {
                JsonNode task = new TaskLedger(reader).taskRecord(taskId);
                int n = 0;
                int taskLost = 0;
                int taskDuplicates = 0;
                List<Integer> runs = new ArrayList<>();
                for (JsonNode s : task.path("subtasks")) {
                    n++;
                    JsonNode state = s.path("state");
                    int attempt = state.path("attempt").asInt();
                    taskLost += "COMPLETED".equals(state.path("status").asText()) ? 0 : 1;
                    int mine = 0;
                    for (JsonNode r : s.path("results")) {
                        mine += mspId.equals(r.path("mspId").asText()) && r.path("attempt").asInt() == attempt ? 1 : 0;
                    }
                    taskDuplicates += Math.max(0, mine - 1);
                    runs.add(runs(engines, taskId, state.path("name").asText(), attempt));
                }
                taskDuplicates = Math.max(taskDuplicates, events.resultEvents(taskId) - n);
                synchronized (subtasks) {
                    subtasks[0] += n;
                    lost[0] += taskLost;
                    duplicates[0] += taskDuplicates;
                    for (int r : runs) {
                        executions[0] += r;
                        maxRuns[0] = Math.max(maxRuns[0], r);
                        duplicateRuns[0] += r > 1 ? 1 : 0;
                    }
                }
                return null;
            });
        }
        runAll(8, checks);
        return new Audit(taskIds.size(), subtasks[0], lost[0], duplicates[0], duplicateRuns[0], maxRuns[0],
                executions[0]);
    }

    /** Executor runs of one attempt summed over the engines that answer. */
    public static int runs(List<EngineClient> engines, String taskId, String subtaskId, int attempt) {
        int runs = 0;
        for (EngineClient engine : engines) {
            try {
                runs += engine.queryResult(taskId, subtaskId, attempt).getRuns();
            } catch (EngineException unreachable) {
                // a killed engine took its counts with it
            }
        }
        return runs;
    }

    static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(int threads, java.util.concurrent.Callable<Void> body) {
        List<java.util.concurrent.Callable<Void>> copies = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            copies.add(body);
        }
        runAll(threads, copies);
    }

    private static void runAll(int threads, List<java.util.concurrent.Callable<Void>> work) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, work.size())));
        try {
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
