package dev.weft.gateway.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plain-text views of what the task contract returns, for people at a terminal
 * (scripts use {@code --output json}).
 *
 * <pre>{@code
 * out.print(TaskTables.status(snapshot));
 * }</pre>
 */
public final class TaskTables {
    private static final Pattern SUBJECT_CN = Pattern.compile("x509::CN=([^,/]+)");
    private static final int DIGEST_SHOWN = 12;
    private static final int DESCRIPTION_SHOWN = 60;
    private static final int VALUE_SHOWN = 100;

    private TaskTables() {
    }

    /**
     * A task's header, one row per subtask, the agreed inline value of each
     * completed subtask, then every recorded failure with who, what and why.
     */
    public static String status(TaskSnapshot task) {
        StringBuilder out = new StringBuilder();
        out.append("task ").append(task.taskId()).append("  ").append(task.status()).append('\n');
        out.append("definition ").append(task.definitionId()).append(", owner ")
                .append(who(task.owner(), task.ownerMsp())).append(", created ").append(task.createdAt());
        if (task.updatedAt() != null && !task.updatedAt().equals(task.createdAt())) {
            out.append(", updated ").append(task.updatedAt());
        }
        out.append('\n');
        if (!task.parameters().isEmpty()) {
            out.append("parameters: ").append(task.parameters().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        }
        TextTable table = new TextTable("SUBTASK", "OPERATION", "PARTICIPANTS", "STATUS", "ATTEMPT", "RESULTS",
                "DIGEST", "FAILURE");
        for (TaskSnapshot.SubtaskState s : task.subtasks()) {
            table.row(s.name(), s.operation(), String.join(",", s.participants()), s.status(), s.attempt(),
                    s.resultsThisAttempt() + "/" + s.participants().size(), shortDigest(s.digest()),
                    s.lastFailure().map(TaskTables::failureSummary).orElse(null));
        }
        out.append('\n').append(table);
        List<String> values = task.subtasks().stream()
                .flatMap(s -> s.agreedValue().stream().map(v -> "  " + s.name() + ": " + abbreviate(v, VALUE_SHOWN)))
                .toList();
        if (!values.isEmpty()) {
            out.append("\nresults:\n");
            values.forEach(v -> out.append(v).append('\n'));
        }
        List<String> failures = task.subtasks().stream()
                .flatMap(s -> s.failures().stream().map(f -> "  " + s.name() + " " + failureDetail(f)))
                .toList();
        if (!failures.isEmpty()) {
            out.append("\nfailures:\n");
            failures.forEach(f -> out.append(f).append('\n'));
        }
        return out.toString();
    }

    /** Tasks as {@code task:ListTasks} returns them. */
    public static String tasks(List<JsonNode> tasks) {
        TextTable table = new TextTable("TASK", "STATUS", "DEFINITION", "OWNER", "CREATED", "UPDATED");
        for (JsonNode t : tasks) {
            table.row(t.path("taskId").asText(), t.path("status").asText(), t.path("definitionId").asText(),
                    t.path("ownerMsp").asText(), TaskSnapshot.text(t, "createdAt"), TaskSnapshot.text(t, "updatedAt"));
        }
        return table.toString();
    }

    /** Ready subtasks as {@code task:PendingSubtasks} returns them. */
    public static String pending(List<JsonNode> ready) {
        TextTable table = new TextTable("TASK", "SUBTASK", "OPERATION", "ATTEMPT", "PARTICIPANTS", "INPUTS",
                "DEFINITION");
        for (JsonNode r : ready) {
            table.row(r.path("taskId").asText(), r.path("subtaskId").asText(), r.path("operation").asText(),
                    r.path("attempt").asInt(), String.join(",", TaskSnapshot.list(r.path("participants"))),
                    r.path("inputs").size(), r.path("definitionId").asText());
        }
        return table.toString();
    }

    /** Definitions as {@code task:ListDefinitions} returns them. */
    public static String definitions(JsonNode definitions) {
        TextTable table = new TextTable("ID", "REV", "SUBTASKS", "OWNER", "REGISTERED", "ACTIVE", "DESCRIPTION");
        for (JsonNode d : definitions) {
            table.row(d.path("id").asText(), d.path("revision").asInt(), d.path("subtasks").size(),
                    d.path("ownerMsp").asText(), TaskSnapshot.text(d, "registeredAt"), activity(d),
                    abbreviate(TaskSnapshot.text(d, "description"), DESCRIPTION_SHOWN));
        }
        return table.toString();
    }

    /** One definition: its header and one row per subtask. */
    public static String definition(JsonNode d) {
        StringBuilder out = new StringBuilder();
        out.append("definition ").append(d.path("id").asText());
        if (d.hasNonNull("ownerMsp")) {
            out.append(", owner ").append(who(TaskSnapshot.text(d, "registeredBy"), d.path("ownerMsp").asText()))
                    .append(", registered ").append(TaskSnapshot.text(d, "registeredAt"));
        }
        if (d.hasNonNull("digest")) {
            out.append(", revision ").append(d.path("revision").asInt()).append(", digest ")
                    .append(d.path("digest").asText());
        }
        out.append('\n');
        String description = TaskSnapshot.text(d, "description");
        if (description != null && !description.isBlank()) {
            out.append(description).append('\n');
        }
        TextTable table = new TextTable("SUBTASK", "OPERATION", "PARTICIPANTS", "DEPENDS ON", "TIMEOUT",
                "PARAMETERS", "CREATOR MAY SET");
        for (JsonNode s : d.path("subtasks")) {
            Map<String, String> params = TaskSnapshot.strings(s.path("parameters"));
            List<String> deps = TaskSnapshot.list(s.path("dependsOn"));
            table.row(s.path("name").asText(), s.path("operation").asText(),
                    String.join(",", TaskSnapshot.list(s.path("participants"))),
                    deps.isEmpty() ? null : String.join(",", deps), s.path("timeoutSeconds").asInt() + "s",
                    params.isEmpty() ? null : params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", ")),
                    s.path("creatorParameters").isEmpty() ? null : String.join(", ",
                            TaskSnapshot.strings(s.path("creatorParameters")).keySet()));
        }
        out.append('\n').append(table);
        if (d.has("approvals")) {
            out.append('\n').append(approvals(d));
        }
        return out.toString();
    }

    /** Who approved which digest (issue 9 item 1), and whether tasks may be created. */
    public static String approvals(JsonNode d) {
        StringBuilder out = new StringBuilder("approvals:\n");
        String current = d.path("digest").asText();
        for (JsonNode a : d.path("approvals")) {
            String digest = a.path("digest").asText();
            out.append("  ").append(who(TaskSnapshot.text(a, "by"), a.path("mspId").asText())).append(" approved ")
                    .append(shortDigest(digest)).append(digest.equals(current) ? " (current)" : " (an older revision)")
                    .append(" at ").append(a.path("at").asText()).append(" via ").append(a.path("via").asText())
                    .append('\n');
        }
        return out.append(d.path("active").asBoolean() ? "active: every participant approved this revision\n"
                : "not active: awaiting " + activity(d).substring("awaiting ".length()) + "\n").toString();
    }

    private static String activity(JsonNode d) {
        if (!d.has("active")) {
            return null;
        }
        return d.path("active").asBoolean() ? "yes"
                : "awaiting " + String.join(",", TaskSnapshot.list(d.path("awaiting")));
    }

    /** "Org1MSP (User1@org1.example.com)" for an MSP-qualified Fabric identity. */
    public static String who(String qualifiedId, String mspId) {
        if (qualifiedId == null) {
            return mspId;
        }
        Matcher m = SUBJECT_CN.matcher(qualifiedId);
        return m.find() ? mspId + " (" + m.group(1) + ")" : qualifiedId;
    }

    /** The first line of a text, cut to {@code shown} characters (the full text is in --output json). */
    static String abbreviate(String text, int shown) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= shown ? line : line.substring(0, shown - 1) + "…";
    }

    static String shortDigest(String digest) {
        return digest == null || digest.length() <= DIGEST_SHOWN ? digest : digest.substring(0, DIGEST_SHOWN);
    }

    /** Kind, attempt, who (the dissenters of a disagreement, else who recorded it) and why. */
    private static String failureSummary(TaskSnapshot.FailureRecord f) {
        String who;
        if (!f.digests().isEmpty()) {
            who = f.dissenters().isEmpty() ? "no majority" : "dissenters " + String.join(",", f.dissenters());
        } else {
            who = "by " + f.mspId();
        }
        return f.kind() + " #" + f.attempt() + " " + who + ": " + f.reason();
    }

    private static String failureDetail(TaskSnapshot.FailureRecord f) {
        StringBuilder out = new StringBuilder();
        out.append("attempt ").append(f.attempt()).append(": ").append(f.kind()).append(" recorded by ")
                .append(who(f.by(), f.mspId())).append(" at ").append(f.at()).append(": ").append(f.reason());
        if (!f.digests().isEmpty()) {
            out.append(" [").append(f.digests().entrySet().stream()
                    .map(e -> e.getKey() + "=" + shortDigest(e.getValue())).collect(Collectors.joining(", ")));
            if (!f.dissenters().isEmpty()) {
                out.append("; dissenters ").append(String.join(",", f.dissenters()));
            }
            out.append(']');
        }
        return out.toString();
    }
}
