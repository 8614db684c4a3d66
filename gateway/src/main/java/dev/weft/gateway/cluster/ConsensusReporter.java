package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.task.TaskLedger;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's consensus-error notification (S4.7, the seed's 共识出错通知单元): it
 * follows the task events from a checkpoint of its own, and for each subtask attempt
 * its organisation took part in that ended in a disagreement singling out exactly one
 * <em>other</em> organisation, it reports that organisation's cluster with the attempt as
 * evidence ({@code cluster:ReportConsensusError}). The chain checks the evidence, keeps
 * one report per reporter and evidence and forces the switch at its threshold.
 *
 * <p>Only the acting master of a clustered organisation reports (the write is fenced);
 * while {@code mayReport} is false events are passed over, and the master of the
 * moment reports instead from its own checkpoint.
 *
 * <pre>{@code
 * try (ConsensusReporter r = ConsensusReporter.start(chain, "Org2MSP", start, checkpointer, () -> true)) { … }
 * }</pre>
 */
public final class ConsensusReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusReporter.class);
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    private static final String TASK_EVENT = "weft.task";
    /** Refusals that mean "nothing to report here", not a failure to retry. */
    private static final ErrorCode[] SETTLED = {ErrorCode.ALREADY_EXISTS, ErrorCode.NOT_FOUND,
            ErrorCode.INVALID_EVIDENCE, ErrorCode.FORBIDDEN, ErrorCode.NOT_MASTER, ErrorCode.STALE_EPOCH};

    /** One attempt to report: the organisation singled out and where. */
    public record Evidence(String taskId, String subtaskId, int attempt, String dissenter) {
    }

    private final ChainClient chain;
    private final ClusterLedger clusters;
    private final String mspId;
    private final BooleanSupplier mayReport;
    private final AtomicLong reported = new AtomicLong();
    private EventStream stream;

    private ConsensusReporter(ChainClient chain, String mspId, BooleanSupplier mayReport) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.clusters = new ClusterLedger(chain);
        this.mspId = Objects.requireNonNull(mspId, "mspId");
        this.mayReport = Objects.requireNonNull(mayReport, "mayReport");
    }

    public static ConsensusReporter start(ChainClient chain, String mspId, long startBlock, Checkpointer checkpointer,
            BooleanSupplier mayReport) {
        ConsensusReporter r = new ConsensusReporter(chain, mspId, mayReport);
        r.stream = EventStream.start(() -> chain, startBlock, checkpointer, r::onEvent);
        return r;
    }

    /** Reports accepted by the chain so far. */
    public long reported() {
        return reported.get();
    }

    private void onEvent(ChaincodeEvent event) throws IOException {
        if (!TASK_EVENT.equals(event.getEventName())) {
            return;
        }
        JsonNode payload = JSON.readTree(event.getPayload());
        if (!"FAILED".equals(payload.path("kind").asText()) || !mayReport.getAsBoolean()) {
            return;
        }
        String taskId = payload.path("taskId").asText();
        JsonNode task = new TaskLedger(chain).taskRecord(taskId);
        for (Evidence e : evidence(task, mspId)) {
            report(e);
        }
    }

    private void report(Evidence e) {
        try {
            JsonNode reply = clusters.reportConsensusError(e.taskId(), e.subtaskId(), e.attempt());
            reported.incrementAndGet();
            LOG.warn("{}: reported a consensus error of {} in {}/{} attempt {}: {} of {} within {}s{}", mspId,
                    e.dissenter(), e.taskId(), e.subtaskId(), e.attempt(), reply.path("count").asInt(),
                    reply.path("threshold").asInt(), reply.path("windowSeconds").asLong(),
                    reply.path("forcedSwitch").asBoolean() ? ": forced switch of " + e.dissenter() + "'s master" : "");
        } catch (ChainException x) {
            if (!x.is(SETTLED)) {
                throw x;
            }
            LOG.info("{}: consensus error of {} in {}/{} not reported: {} {}", mspId, e.dissenter(), e.taskId(),
                    e.subtaskId(), x.code(), x.reason());
        }
    }

    /**
     * The attempts of a {@code task:GetTask} answer that {@code mspId} should report: a
     * DISAGREEMENT failure with exactly one dissenter, not {@code mspId}, among
     * participants {@code mspId} is one of. Pure, so it is tested without a network.
     */
    public static List<Evidence> evidence(JsonNode task, String mspId) {
        List<Evidence> out = new ArrayList<>();
        for (JsonNode s : task.path("subtasks")) {
            JsonNode state = s.path("state");
            for (JsonNode f : state.path("failures")) {
                JsonNode d = f.path("disagreement");
                if (!"DISAGREEMENT".equals(f.path("kind").asText()) || d.path("dissenters").size() != 1
                        || !d.path("digests").has(mspId)) {
                    continue;
                }
                String dissenter = d.path("dissenters").get(0).asText();
                if (!dissenter.equals(mspId)) {
                    out.add(new Evidence(state.path("taskId").asText(), state.path("name").asText(),
                            f.path("attempt").asInt(), dissenter));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
