package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.proto.task.v1.ReadySubtask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's own view of the chain: how far its organisation's peer has
 * committed, and a subtask's state there. Peers are not in lockstep (issue 8): an
 * endorser of another organisation may not have committed the block a subtask
 * became ready in, so its refusal says nothing until this view, read at or past
 * that block, agrees. Both reads go through the gateway peer, which evaluates on
 * its own organisation's most advanced peer.
 */
interface ChainView {

    /** The channel height at the organisation's peer: blocks {@code 0 … height-1} are committed there. */
    long height();

    /** The subtask as the organisation's peer has it; empty when that peer has no such task. */
    Optional<SubtaskState> subtask(String taskId, String subtaskId);

    /** The chain's pending index of {@code mspId}: READY subtasks still waiting for its result. */
    List<ReadySubtask> pending(String mspId);

    /** A subtask's status and attempt, and who returned a result for which attempt. */
    record SubtaskState(String status, int attempt, List<Returned> results) {
        public SubtaskState {
            results = List.copyOf(results);
        }

        boolean returnedBy(String mspId, int atAttempt) {
            return results.stream().anyMatch(r -> r.mspId().equals(mspId) && r.attempt() == atAttempt);
        }
    }

    /** One organisation's result for one attempt; {@code value} is null when it is on chain by digest only. */
    record Returned(String mspId, int attempt, String digest, String value) {
        Returned(String mspId, int attempt) {
            this(mspId, attempt, "", null);
        }
    }

    static ChainView of(ChainClient chain) {
        return new ChainView() {
            private final TaskLedger tasks = new TaskLedger(chain);

            @Override
            public long height() {
                return chain.blockHeight();
            }

            @Override
            public List<ReadySubtask> pending(String mspId) {
                return PendingIndex.read(chain, mspId);
            }

            @Override
            public Optional<SubtaskState> subtask(String taskId, String subtaskId) {
                try {
                    return Optional.of(parse(tasks.subtask(taskId, subtaskId)));
                } catch (ChainException e) {
                    if (e.is(ErrorCode.NOT_FOUND)) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }
        };
    }

    /** Reads the chaincode's {@code task:GetSubtask} answer. */
    static SubtaskState parse(JsonNode view) {
        JsonNode state = view.path("state");
        List<Returned> results = new ArrayList<>();
        view.path("results").forEach(r -> results.add(new Returned(r.path("mspId").asText(),
                r.path("attempt").asInt(), r.path("digest").asText(),
                r.hasNonNull("value") ? r.path("value").asText() : null)));
        return new SubtaskState(state.path("status").asText(), state.path("attempt").asInt(), results);
    }
}
