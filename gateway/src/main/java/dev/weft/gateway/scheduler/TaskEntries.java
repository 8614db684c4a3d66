package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.task.v1.ReadySubtask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Converts between ready subtasks of the chain and entries of the task list. */
final class TaskEntries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskEntries() {
    }

    static TaskKey key(ReadySubtask s) {
        return new TaskKey(s.getTaskId(), s.getSubtaskId(), s.getAttempt());
    }

    static TaskEntry taken(ReadySubtask s, long blockNumber) {
        try {
            JsonNode node = JSON.readTree(ReadyWork.toJson(s));
            return TaskEntry.taken(key(s), s.getOperation(), field(node, "parameters", "{}"),
                    field(node, "inputs", "[]"), field(node, "participants", "[]"), blockNumber, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadySubtask subtask(TaskEntry e) {
        try {
            ObjectNode node = JSON.createObjectNode();
            node.put("taskId", e.key().taskId());
            node.put("subtaskId", e.key().subtaskId());
            node.put("attempt", e.key().attempt());
            node.put("operation", e.operation());
            node.set("parameters", JSON.readTree(e.parametersJson()));
            node.set("inputs", JSON.readTree(e.inputsJson()));
            node.set("participants", JSON.readTree(e.participantsJson()));
            return ReadyWork.parseSubtask(JSON.writeValueAsString(node));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String field(JsonNode node, String name, String empty) throws IOException {
        JsonNode f = node.get(name);
        return f == null ? empty : JSON.writeValueAsString(f);
    }
}
