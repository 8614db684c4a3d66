package dev.weft.gateway.scheduler;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.store.DeadLetter;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.task.v1.ReadySubtask;
import dev.weft.proto.task.v1.TaskEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Converts between ready subtasks of the chain and entries of the task list. */
final class TaskEntries {
    private TaskEntries() {
    }

    static TaskKey key(ReadySubtask s) {
        return new TaskKey(s.getTaskId(), s.getSubtaskId(), s.getAttempt());
    }

    static TaskEntry taken(ReadySubtask s, long blockNumber) {
        return TaskEntry.taken(key(s), s.toByteString(), blockNumber, Instant.now());
    }

    static ReadySubtask subtask(TaskEntry e) {
        try {
            return ReadySubtask.parseFrom(e.subtask());
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalStateException("the task list's entry " + e.key() + " holds no readable subtask", ex);
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
}
