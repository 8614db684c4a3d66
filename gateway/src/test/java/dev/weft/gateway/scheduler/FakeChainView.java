package dev.weft.gateway.scheduler;

import dev.weft.proto.task.v1.ReadySubtask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's view of the chain, held in memory: a height that a test moves
 * forward, subtask states it sets, and a pending index. Reads count themselves.
 */
final class FakeChainView implements ChainView {
    private long height;
    private final Map<String, SubtaskState> subtasks = new HashMap<>();
    private final Map<String, List<ReadySubtask>> pending = new HashMap<>();
    private final Map<String, String> endpoints = new HashMap<>();
    private final Map<String, java.util.Set<String>> readers = new HashMap<>();
    int subtaskReads;
    int readerReads;

    FakeChainView readers(String taskId, String subtaskId, String... mspIds) {
        readers.put(taskId + "/" + subtaskId, java.util.Set.of(mspIds));
        return this;
    }

    @Override
    public java.util.Set<String> readers(String taskId, String subtaskId) {
        readerReads++;
        return readers.getOrDefault(taskId + "/" + subtaskId, java.util.Set.of());
    }

    FakeChainView endpoint(String mspId, String address) {
        endpoints.put(mspId, address);
        return this;
    }

    @Override
    public Map<String, String> exchangeEndpoints() {
        return Map.copyOf(endpoints);
    }

    FakeChainView height(long newHeight) {
        this.height = newHeight;
        return this;
    }

    FakeChainView subtask(String taskId, String subtaskId, String status, int attempt, Returned... results) {
        subtasks.put(taskId + "/" + subtaskId, new SubtaskState(status, attempt, List.of(results)));
        return this;
    }

    FakeChainView pending(String mspId, ReadySubtask... ready) {
        pending.put(mspId, new ArrayList<>(List.of(ready)));
        return this;
    }

    @Override
    public long height() {
        return height;
    }

    @Override
    public Optional<SubtaskState> subtask(String taskId, String subtaskId) {
        subtaskReads++;
        return Optional.ofNullable(subtasks.get(taskId + "/" + subtaskId));
    }

    @Override
    public List<ReadySubtask> pending(String mspId) {
        return List.copyOf(pending.getOrDefault(mspId, List.of()));
    }
}
