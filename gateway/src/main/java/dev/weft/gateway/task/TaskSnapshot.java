package dev.weft.gateway.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A task instance as {@code task:GetTask} returned it: the task record and every
 * subtask's state, results and failure history, in definition order. The JSON it
 * was read from is kept ({@link #json()}) so that {@code --output json} shows
 * exactly what the chain holds.
 *
 * <pre>{@code
 * TaskSnapshot task = TaskSnapshot.parse(chain.evaluateText("task:GetTask", taskId));
 * if (task.ended()) { ... }
 * }</pre>
 */
public record TaskSnapshot(String taskId, String definitionId, String ownerMsp, String owner, String status,
        SortedMap<String, String> parameters, String createdAt, String updatedAt, List<SubtaskState> subtasks,
        JsonNode json) {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    public TaskSnapshot {
        parameters = new TreeMap<>(parameters);
        subtasks = List.copyOf(subtasks);
    }

    /** One subtask of the task, with the results of all its participants. */
    public record SubtaskState(String name, int index, String operation, List<String> participants,
            List<String> dependsOn, String status, int attempt, String deadline, String digest,
            List<FailureRecord> failures, List<ResultRecord> results) {

        public SubtaskState {
            participants = List.copyOf(participants);
            dependsOn = List.copyOf(dependsOn);
            failures = List.copyOf(failures);
            results = List.copyOf(results);
        }

        /** The most recent failure, whichever attempt it ended. */
        public Optional<FailureRecord> lastFailure() {
            return failures.isEmpty() ? Optional.empty() : Optional.of(failures.get(failures.size() - 1));
        }

        /** The inline value the participants agreed on, once COMPLETED and if it is on chain. */
        public Optional<String> agreedValue() {
            return results.stream()
                    .filter(r -> r.attempt() == attempt && digest != null && digest.equals(r.digest()))
                    .map(ResultRecord::value).filter(v -> v != null).findFirst();
        }

        /** How many participants returned a result for the current attempt. */
        public long resultsThisAttempt() {
            return results.stream().filter(r -> r.attempt() == attempt).count();
        }
    }

    /**
     * Why an attempt failed: its kind (REPORTED, TIMEOUT, DISAGREEMENT), who
     * recorded it ({@code by} is the MSP-qualified identity), why, and for a
     * disagreement the digest each participant returned.
     */
    public record FailureRecord(int attempt, String kind, String by, String mspId, String reason, String at,
            String txId, SortedMap<String, String> digests, List<String> dissenters) {

        public FailureRecord {
            digests = new TreeMap<>(digests);
            dissenters = List.copyOf(dissenters);
        }
    }

    /** One participant's result for one attempt. */
    public record ResultRecord(String mspId, int attempt, String digest, String value) {
    }

    /** True once the task is COMPLETED or FAILED (a FAILED task may be retried later). */
    public boolean ended() {
        return COMPLETED.equals(status) || FAILED.equals(status);
    }

    public Optional<SubtaskState> subtask(String name) {
        return subtasks.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Reads the {@code task:GetTask} shape {@code {"task":{…},"subtasks":[{"state":{…},"results":[…]}]}}. */
    public static TaskSnapshot parse(String json) {
        return of(Json.SORTED.read(json, "task"));
    }

    public static TaskSnapshot of(JsonNode root) {
        JsonNode task = root.path("task");
        if (!task.isObject()) {
            throw new IllegalArgumentException("not a task view: no \"task\" object");
        }
        List<SubtaskState> subtasks = new ArrayList<>();
        for (JsonNode view : root.path("subtasks")) {
            subtasks.add(subtask(view.path("state"), view.path("results")));
        }
        return new TaskSnapshot(task.path("taskId").asText(), task.path("definitionId").asText(),
                task.path("ownerMsp").asText(), task.path("owner").asText(), task.path("status").asText(),
                strings(task.path("parameters")), text(task, "createdAt"), text(task, "updatedAt"), subtasks, root);
    }

    private static SubtaskState subtask(JsonNode s, JsonNode results) {
        List<FailureRecord> failures = new ArrayList<>();
        for (JsonNode f : s.path("failures")) {
            JsonNode d = f.path("disagreement");
            failures.add(new FailureRecord(f.path("attempt").asInt(), f.path("kind").asText(), text(f, "by"),
                    text(f, "mspId"), text(f, "reason"), text(f, "at"), text(f, "txId"),
                    strings(d.path("digests")), list(d.path("dissenters"))));
        }
        List<ResultRecord> parsed = new ArrayList<>();
        for (JsonNode r : results) {
            parsed.add(new ResultRecord(r.path("mspId").asText(), r.path("attempt").asInt(), text(r, "digest"),
                    text(r, "value")));
        }
        return new SubtaskState(s.path("name").asText(), s.path("index").asInt(), s.path("operation").asText(),
                list(s.path("participants")), list(s.path("dependsOn")), s.path("status").asText(),
                s.path("attempt").asInt(), text(s, "deadline"), text(s, "digest"), failures, parsed);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    static SortedMap<String, String> strings(JsonNode object) {
        SortedMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
