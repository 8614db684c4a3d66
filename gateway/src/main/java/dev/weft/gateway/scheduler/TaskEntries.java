package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.store.DeadLetter;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.task.v1.ReadySubtask;
import dev.weft.proto.task.v1.TaskEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Converts between ready subtasks of the chain and entries of the task list. */
final class TaskEntries {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();

    private TaskEntries() {
    }

    static TaskKey key(ReadySubtask s) {
        return new TaskKey(s.getTaskId(), s.getSubtaskId(), s.getAttempt());
    }

    static TaskEntry taken(ReadySubtask s, long blockNumber) {
        try {
            JsonNode node = JSON.readTree(ReadyWork.toJson(s));
            return TaskEntry.taken(key(s), s.getOperation(), field(node, "parameters", "{}"),
                    field(node, "inputs", "[]"), field(node, "participants", "[]"), blockNumber, Instant.now())
                    .collaborative(s.getCollaborative());
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
            node.put("collaborative", e.collaborative());
            return ReadyWork.parseSubtask(JSON.writeValueAsString(node));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A subtask set aside (issue 9 item 10): a dead letter holding a task event with
     * only this subtask, so {@code weft task replay} puts it back like any other.
     */
    static DeadLetter setAside(TaskEntry e, String error, int attempts) {
        TaskEvent event = TaskEvent.newBuilder().setTaskId(e.key().taskId()).setKind("REFUSED")
                .addReady(subtask(e)).build();
        byte[] payload = Json.printProto(event).getBytes(StandardCharsets.UTF_8);
        return new DeadLetter(0, e.blockNumber(), "refused:" + e.key(), ReadyWork.TASK_EVENT, payload, error,
                attempts, Instant.now());
    }

    private static String field(JsonNode node, String name, String empty) throws IOException {
        JsonNode f = node.get(name);
        return f == null ? empty : JSON.writeValueAsString(f);
    }
}
