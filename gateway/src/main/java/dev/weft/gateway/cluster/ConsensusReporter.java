package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.scheduler.ReadyWork;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.proto.task.v1.TaskEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.client.ChaincodeEvent;
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
 * ConsensusReporter r = ConsensusReporter.of(chain, "Org2MSP", () -> true);
 * EventHub.builder().on(ReadyWork.TASK_EVENT, r::onEvent).start(() -> chain, start, checkpointer);
 * }</pre>
 */
public final class ConsensusReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusReporter.class);
    /** Refusals that mean "nothing to report here", not a failure to retry. */
    private static final ErrorCode[] SETTLED = {ErrorCode.ALREADY_EXISTS, ErrorCode.NOT_FOUND,
            ErrorCode.INVALID_EVIDENCE, ErrorCode.FORBIDDEN, ErrorCode.NOT_MASTER, ErrorCode.STALE_EPOCH};

    /** One attempt to report: the organisation singled out and where. */
    public record Evidence(String taskId, String subtaskId, int attempt, String dissenter) {
    }

    private final TaskLedger tasks;
    private final ClusterLedger clusters;
    private final String mspId;
    private final BooleanSupplier mayReport;
    private final AtomicLong reported = new AtomicLong();

    private ConsensusReporter(ChainClient chain, String mspId, BooleanSupplier mayReport) {
        this.tasks = new TaskLedger(Objects.requireNonNull(chain, "chain"));
        this.clusters = new ClusterLedger(chain);
        this.mspId = Objects.requireNonNull(mspId, "mspId");
        this.mayReport = Objects.requireNonNull(mayReport, "mayReport");
    }

    /** A reporter fed by the gateway's shared stream: give {@link #onEvent} the {@code weft.task} events. */
    public static ConsensusReporter of(ChainClient chain, String mspId, BooleanSupplier mayReport) {
        return new ConsensusReporter(chain, mspId, mayReport);
    }

    /** Reports accepted by the chain so far. */
    public long reported() {
        return reported.get();
    }

    /** Handles one event; only {@code weft.task} FAILED events can lead to a report. */
    public void onEvent(ChaincodeEvent event) {
        if (!ReadyWork.TASK_EVENT.equals(event.getEventName())) {
            return;
        }
        // a failure may come in its own transaction's event or in a batch's (task:SubmitResults, issue 16)
        for (TaskEvent failed : ReadyWork.perTask(ReadyWork.parse(event.getPayload()))) {
            if (!"FAILED".equals(failed.getKind()) || !mayReport.getAsBoolean()) {
                continue;
            }
            JsonNode task = tasks.taskRecord(failed.getTaskId());
            for (Evidence e : evidence(task, mspId)) {
                report(e);
            }
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
}
