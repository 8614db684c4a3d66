package dev.weft.gateway.task;

import dev.weft.gateway.json.Json;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A task's parameters as given on the command line ({@code --param k=v}): each
 * key as the chaincode accepts it ({@code [A-Za-z0-9_.-]{1,64}}), given once,
 * split at the first {@code =} so that values may contain {@code =}. They
 * override the definition's parameters of the same name in every subtask.
 *
 * <pre>{@code
 * TaskParams p = TaskParams.parse(List.of("values=4,5,6", "note=a=b"));
 * p.toJson();   // {"note":"a=b","values":"4,5,6"}
 * }</pre>
 */
public final class TaskParams {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final SortedMap<String, String> values;

    private TaskParams(SortedMap<String, String> values) {
        this.values = Collections.unmodifiableSortedMap(values);
    }

    public static TaskParams none() {
        return new TaskParams(new TreeMap<>());
    }

    /** @throws IllegalArgumentException for an entry without {@code =}, a bad key, or a key given twice */
    public static TaskParams parse(List<String> entries) {
        SortedMap<String, String> values = new TreeMap<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("parameter '" + entry + "' is not KEY=VALUE");
            }
            String key = entry.substring(0, eq).trim();
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("parameter name '" + key + "' must match " + KEY);
            }
            if (values.putIfAbsent(key, entry.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("parameter " + key + " is given twice");
            }
        }
        return new TaskParams(values);
    }

    public SortedMap<String, String> values() {
        return values;
    }

    /** The JSON object {@code task:CreateTask} takes, keys sorted. */
    public String toJson() {
        return Json.SORTED.write(values);
    }
}
