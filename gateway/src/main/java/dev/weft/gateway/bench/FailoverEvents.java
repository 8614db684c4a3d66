package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.scheduler.ReadyWork;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.proto.task.v1.TaskEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link FailoverBenchmark} reads from the chain's own event stream, in block order:
 * every committed transaction, the mode's keepalives, the changes of the actor, and the
 * results with their submitters (resolved aside from the task's results); and what it
 * counts from them: takeovers, results accepted from a deposed instance, false failovers.
 */
final class FailoverEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverEvents.class);

    /** One event of the run, in stream order. */
    private record Entry(long nanos, String txId, String taskId, String actor, boolean keepalive) {
    }

    private final ChainClient reader;
    private final FailoverRig rig;
    private final List<Entry> log = new CopyOnWriteArrayList<>();
    private final Map<String, String> submitterByTx = new ConcurrentHashMap<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong keepalives = new AtomicLong();
    private final ExecutorService resolver = Executors.newFixedThreadPool(4);
    /** Transactions already logged: the stream delivers again what it handled since its last checkpoint. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private EventStream stream;

    private FailoverEvents(ChainClient reader, FailoverRig rig) {
        this.reader = reader;
        this.rig = rig;
    }

    /**
     * Reads every event from {@code start}, in order, into the log, through the gateway's reconnecting
     * {@link EventStream} (checkpointed in memory); result submitters are resolved aside.
     */
    static FailoverEvents listen(ChainClient reader, long start, FailoverRig rig) {
        FailoverEvents events = new FailoverEvents(reader, rig);
        events.stream = EventStream.start(() -> reader, start, new InMemoryCheckpointer(), events::onEvent);
        return events;
    }

    private void onEvent(ChaincodeEvent e) {
        if (!seen.add(e.getTransactionId())) {
            return;
        }
        transactions.incrementAndGet();
        boolean ka = rig.isKeepalive(e.getEventName(), e.getPayload());
        if (ka) {
            keepalives.incrementAndGet();
        }
        String actor = rig.newActor(e.getEventName(), e.getPayload());
        List<String> tasks = resultsOf(e);
        long now = System.nanoTime();
        if (tasks.isEmpty()) {
            log.add(new Entry(now, e.getTransactionId(), null, actor, ka));
        }
        for (String taskId : tasks) {
            log.add(new Entry(now, e.getTransactionId(), taskId, actor, ka));
            resolver.execute(() -> resolve(taskId));
        }
    }

    long transactions() {
        return transactions.get();
    }

    long keepalives() {
        return keepalives.get();
    }

    /**
     * The tasks a result transaction gave results to: its task event's kind ADVANCED, COMPLETED
     * or FAILED, or each such entry of a batch's event ({@code task:SubmitResults}, the gateway's
     * default); empty for any other transaction.
     */
    private static List<String> resultsOf(ChaincodeEvent e) {
        if (!ReadyWork.TASK_EVENT.equals(e.getEventName())) {
            return List.of();
        }
        return ReadyWork.perTask(ReadyWork.parse(e.getPayload())).stream()
                .filter(t -> "ADVANCED".equals(t.getKind()) || "COMPLETED".equals(t.getKind())
                        || "FAILED".equals(t.getKind()))
                .map(TaskEvent::getTaskId).distinct().toList();
    }

    private void resolve(String taskId) {
        try {
            JsonNode task = new TaskLedger(reader).taskRecord(taskId);
            for (JsonNode st : task.path("subtasks")) {
                for (JsonNode r : st.path("results")) {
                    submitterByTx.put(r.path("txId").asText(), r.path("submitter").asText());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("task {} not read: {}", taskId, e.toString());
        }
    }

    /** Resolves, on this thread, the submitter of every result still unresolved. */
    void resolveAll() {
        for (Entry e : log) {
            if (e.taskId() != null && !submitterByTx.containsKey(e.txId())) {
                resolve(e.taskId());
            }
        }
    }

    /** Waits for a committed result signed by {@code identity} that arrived after {@code after}. */
    void awaitResultBy(String identity, long after, Duration timeout) throws InterruptedException {
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
    long awaitResultNotBy(String deposed, long after, Duration timeout) throws InterruptedException {
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
    long acceptedFromDeposed() {
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

    /** Changes of the actor after the first one that fall in no fault's window ({start, end} nanos). */
    int falseFailovers(List<long[]> windows) {
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

    /** Stops following the stream (the log stays readable). */
    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        resolver.shutdownNow();
    }
}
