package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a definition's subtasks form a DAG: unique names, dependencies
 * that name subtasks of the same definition (once each), and no cycle. Walks in
 * definition order, so the cycle it reports is the same on every peer.
 */
final class DagValidator {
    private enum Mark { VISITING, DONE }

    private final Map<String, List<String>> edges = new LinkedHashMap<>();
    private final Map<String, Mark> marks = new HashMap<>();

    private DagValidator() {
    }

    /** @param dependencies each subtask's name to the names it depends on, in definition order */
    static void validate(Map<String, List<String>> dependencies) {
        DagValidator v = new DagValidator();
        v.edges.putAll(dependencies);
        for (Map.Entry<String, List<String>> e : dependencies.entrySet()) {
            Set<String> seen = new HashSet<>();
            for (String dep : e.getValue()) {
                if (!dependencies.containsKey(dep)) {
                    throw invalid("subtask %s depends on unknown subtask %s", e.getKey(), dep);
                }
                if (!seen.add(dep)) {
                    throw invalid("subtask %s lists dependency %s twice", e.getKey(), dep);
                }
            }
        }
        for (String name : dependencies.keySet()) {
            v.visit(name, new ArrayList<>());
        }
    }

    /** Names that occur more than once, reported before the map that would hide them is built. */
    static void requireUniqueNames(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw invalid("subtask name %s is used more than once", name);
            }
        }
    }

    private void visit(String name, List<String> path) {
        Mark mark = marks.get(name);
        if (mark == Mark.DONE) {
            return;
        }
        if (mark == Mark.VISITING) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw invalid("dependencies form a cycle: %s", String.join(" -> ", cycle));
        }
        marks.put(name, Mark.VISITING);
        path.add(name);
        for (String dep : edges.get(name)) {
            visit(dep, path);
        }
        path.remove(path.size() - 1);
        marks.put(name, Mark.DONE);
    }

    private static WeftException invalid(String format, Object... args) {
        return WeftException.of(ErrorCode.INVALID_DEFINITION, format, args);
    }
}
