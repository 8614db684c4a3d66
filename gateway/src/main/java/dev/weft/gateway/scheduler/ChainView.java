package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.proto.task.v1.ReadySubtask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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

    /** Where each organisation's exchange service listens, as published on chain (MSP ID to host:port). */
    default Map<String, String> exchangeEndpoints() {
        return Map.of();
    }

    /**
     * The organisations that may read the result of a subtask by digest: the participants of the
     * task's subtasks that depend on it, as the task on chain has them.
     */
    default Set<String> readers(String taskId, String subtaskId) {
        return Set.of();
    }

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
            public Map<String, String> exchangeEndpoints() {
                return Manifests.endpoints(chain);
            }

            @Override
            public Set<String> readers(String taskId, String subtaskId) {
                return dependants.computeIfAbsent(taskId, t -> ChainView.readers(tasks.taskRecord(t)))
                        .getOrDefault(subtaskId, Set.of());
            }

            private final Map<String, Map<String, Set<String>>> dependants = java.util.Collections.synchronizedMap(
                    new java.util.LinkedHashMap<>(64, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Set<String>>> eldest) {
                            return size() > 256;
                        }
                    });

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

    /** By subtask, the participants of the task's subtasks that depend on it, from a {@code task:GetTask} answer. */
    static Map<String, Set<String>> readers(JsonNode task) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode s : task.path("subtasks")) {
            for (JsonNode upstream : s.path("state").path("dependsOn")) {
                Set<String> readers = out.computeIfAbsent(upstream.asText(), k -> new TreeSet<>());
                s.path("state").path("participants").forEach(p -> readers.add(p.asText()));
            }
        }
        return out;
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
