package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which parameters a task creator may set (issue 9 item 2). Each subtask of a
 * definition declares its own ({@link ParameterSpec}); a creator's parameter
 * goes to every subtask that declares it and must satisfy each of their specs.
 * A parameter no subtask declares is refused, so a creator can never change what
 * the participants agreed to run (the named query, its arguments, the limits)
 * beyond what they declared.
 */
final class CreatorParameters {
    private CreatorParameters() {
    }

    /** A subtask's declarations, checked at registration, with its defaults checked against them. */
    static SortedMap<String, ParameterSpec> declared(String subtask, Map<String, ParameterSpec> raw,
            SortedMap<String, String> defaults) {
        SortedMap<String, ParameterSpec> out = new TreeMap<>();
        if (raw == null) {
            return out;
        }
        for (Map.Entry<String, ParameterSpec> e : raw.entrySet()) {
            String name = Checks.name("creator parameter of subtask " + subtask, e.getKey());
            String where = "creator parameter " + name + " of subtask " + subtask;
            if (e.getValue() == null) {
                throw WeftException.of(ErrorCode.INVALID_DEFINITION, "%s has no spec", where);
            }
            ParameterSpec spec = e.getValue().validated(where);
            String fallback = defaults.get(name);
            if (fallback != null && !spec.admits(fallback)) {
                throw WeftException.of(ErrorCode.INVALID_DEFINITION, "the default of %s must be %s",
                        where, spec.describe());
            }
            out.put(name, spec);
        }
        return out;
    }

    /**
     * Each subtask's parameters for a new task: its defaults overridden by the
     * creator's parameters it declares. PARAMETER_NOT_ALLOWED for a parameter no
     * subtask declares or a value outside a declared spec.
     */
    static List<SortedMap<String, String>> apply(Definition definition, SortedMap<String, String> params) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            List<String> declaring = new ArrayList<>();
            for (Definition.SubtaskSpec s : definition.subtasks()) {
                ParameterSpec spec = s.creatorParameters().get(p.getKey());
                if (spec == null) {
                    continue;
                }
                if (!spec.admits(p.getValue())) {
                    throw WeftException.of(ErrorCode.PARAMETER_NOT_ALLOWED,
                            "parameter %s of subtask %s must be %s", p.getKey(), s.name(), spec.describe());
                }
                declaring.add(s.name());
            }
            if (declaring.isEmpty()) {
                throw WeftException.of(ErrorCode.PARAMETER_NOT_ALLOWED, "definition %s lets a creator set no "
                        + "parameter %s (it declares %s)", definition.id(), p.getKey(), declaredNames(definition));
            }
        }
        List<SortedMap<String, String>> out = new ArrayList<>();
        for (Definition.SubtaskSpec s : definition.subtasks()) {
            SortedMap<String, String> merged = new TreeMap<>(s.parameters());
            params.forEach((k, v) -> {
                if (s.creatorParameters().containsKey(k)) {
                    merged.put(k, v);
                }
            });
            out.add(merged);
        }
        return out;
    }

    private static String declaredNames(Definition definition) {
        List<String> names = definition.subtasks().stream()
                .flatMap(s -> s.creatorParameters().keySet().stream()).distinct().sorted().toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
