package dev.weft.gateway.scheduler;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.gateway.json.Json;
import dev.weft.proto.task.v1.ReadySubtask;
import dev.weft.proto.task.v1.TaskEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads {@code weft.task} chaincode events (S1.3) and picks out the subtasks an
 * organisation participates in (S1.4); the others are ignored.
 */
public final class ReadyWork {
    /** The chaincode event name of task progress. */
    public static final String TASK_EVENT = "weft.task";

    private ReadyWork() {
    }

    public static TaskEvent parse(byte[] payload) {
        TaskEvent.Builder event = TaskEvent.newBuilder();
        try {
            Json.mergeProto(new String(payload, StandardCharsets.UTF_8), event);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("malformed task event: " + e.getMessage(), e);
        }
        return event.build();
    }

    public static ReadySubtask parseSubtask(String json) {
        ReadySubtask.Builder subtask = ReadySubtask.newBuilder();
        try {
            Json.mergeProto(json, subtask);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("malformed subtask: " + e.getMessage(), e);
        }
        return subtask.build();
    }

    /**
     * The per-task events of a transaction's event: the {@code batch} of a batch transaction
     * ({@code task:SubmitResults}, {@code task:CreateTasks}; issue 16), else the event itself.
     */
    public static List<TaskEvent> perTask(TaskEvent event) {
        return event.getBatchCount() > 0 ? event.getBatchList() : List.of(event);
    }

    /** Whether the transaction's event changed task {@code taskId}. */
    public static boolean concerns(TaskEvent event, String taskId) {
        return perTask(event).stream().anyMatch(e -> taskId.equals(e.getTaskId()));
    }

    /** The ready subtasks of the event (of every task of a batch) in which {@code mspId} participates, in event order. */
    public static List<ReadySubtask> forParticipant(TaskEvent event, String mspId) {
        return perTask(event).stream().flatMap(e -> e.getReadyList().stream())
                .filter(s -> s.getParticipantsList().contains(mspId)).toList();
    }

    public static String toJson(ReadySubtask subtask) {
        return Json.printProto(subtask);
    }
}
