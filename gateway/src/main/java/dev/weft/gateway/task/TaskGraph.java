package dev.weft.gateway.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The subtask DAG of a task (each subtask coloured by its state) or of a
 * definition (no state yet), drawn as Mermaid or Graphviz DOT. Edges run from a
 * subtask to the subtasks that depend on it, the direction work flows.
 *
 * <pre>{@code
 * String mermaid = TaskGraph.of(snapshot).mermaid();
 * String dot = TaskGraph.ofDefinition(definitionJson).dot();
 * }</pre>
 */
public final class TaskGraph {

    /** One subtask; {@code status} is null for a definition. */
    public record Node(String name, String operation, List<String> participants, List<String> dependsOn,
            String status, int attempt) {

        public Node {
            participants = List.copyOf(participants);
            dependsOn = List.copyOf(dependsOn);
        }

        /** The style class: the status in lower case, or {@code defined}. */
        public String styleClass() {
            return status == null ? "defined" : status.toLowerCase(Locale.ROOT);
        }
    }

    /** A dependency: {@code to} waits for {@code from}. */
    public record Edge(String from, String to) {
    }

    private enum Style {
        DEFINED("#e7f5ff", "#1c7ed6"),
        PENDING("#f1f3f5", "#868e96"),
        READY("#fff3bf", "#f08c00"),
        COMPLETED("#d3f9d8", "#2f9e44"),
        FAILED("#ffe3e3", "#e03131");

        final String fill;
        final String stroke;

        Style(String fill, String stroke) {
            this.fill = fill;
            this.stroke = stroke;
        }

        static Style of(Node node) {
            for (Style s : values()) {
                if (s.name().toLowerCase(Locale.ROOT).equals(node.styleClass())) {
                    return s;
                }
            }
            return DEFINED;
        }
    }

    private final String title;
    private final List<Node> nodes;

    private TaskGraph(String title, List<Node> nodes) {
        this.title = title;
        this.nodes = List.copyOf(nodes);
    }

    public static TaskGraph of(TaskSnapshot task) {
        List<Node> nodes = task.subtasks().stream()
                .map(s -> new Node(s.name(), s.operation(), s.participants(), s.dependsOn(), s.status(), s.attempt()))
                .toList();
        return new TaskGraph("task " + task.taskId() + " (" + task.definitionId() + "): " + task.status(), nodes);
    }

    /** The graph of a definition as {@code task:GetDefinition} returns it. */
    public static TaskGraph ofDefinition(JsonNode definition) {
        List<Node> nodes = new ArrayList<>();
        for (JsonNode s : definition.path("subtasks")) {
            nodes.add(new Node(s.path("name").asText(), s.path("operation").asText(),
                    TaskSnapshot.list(s.path("participants")), TaskSnapshot.list(s.path("dependsOn")), null, 0));
        }
        return new TaskGraph("definition " + definition.path("id").asText(), nodes);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Edge> edges() {
        List<Edge> edges = new ArrayList<>();
        nodes.forEach(n -> n.dependsOn().forEach(d -> edges.add(new Edge(d, n.name()))));
        return edges;
    }

    public String title() {
        return title;
    }

    /** A Mermaid flowchart; nodes are {@code s0, s1, …} in definition order, labelled by name. */
    public String mermaid() {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        out.append("  %% ").append(title.replace('\n', ' ')).append('\n');
        for (Style s : usedStyles()) {
            out.append("  classDef ").append(s.name().toLowerCase(Locale.ROOT)).append(" fill:").append(s.fill)
                    .append(",stroke:").append(s.stroke).append(",color:#212529\n");
        }
        for (int i = 0; i < nodes.size(); i++) {
            out.append("  s").append(i).append("[\"")
                    .append(String.join("<br/>", label(nodes.get(i)).stream().map(TaskGraph::mermaidText).toList()))
                    .append("\"]\n");
        }
        for (Edge e : edges()) {
            out.append("  s").append(indexOf(e.from())).append(" --> s").append(indexOf(e.to())).append('\n');
        }
        for (int i = 0; i < nodes.size(); i++) {
            out.append("  class s").append(i).append(' ').append(nodes.get(i).styleClass()).append('\n');
        }
        return out.toString();
    }

    /** A Graphviz digraph; each node carries its fill colour and a {@code class} (kept in SVG output). */
    public String dot() {
        StringBuilder out = new StringBuilder("digraph weft {\n");
        out.append("  label=").append(dotText(title)).append(";\n  labelloc=t;\n  rankdir=LR;\n");
        out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        for (Node n : nodes) {
            Style s = Style.of(n);
            out.append("  ").append(dotText(n.name())).append(" [label=")
                    .append(dotText(String.join("\n", label(n)))).append(", class=").append(dotText(n.styleClass()))
                    .append(", fillcolor=").append(dotText(s.fill)).append(", color=").append(dotText(s.stroke))
                    .append("];\n");
        }
        for (Edge e : edges()) {
            out.append("  ").append(dotText(e.from())).append(" -> ").append(dotText(e.to())).append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static List<String> label(Node n) {
        List<String> lines = new ArrayList<>();
        lines.add(n.name());
        lines.add(n.operation() + " @ " + String.join(", ", n.participants()));
        if (n.status() != null) {
            lines.add(n.status() + (n.attempt() > 1 ? " (attempt " + n.attempt() + ")" : ""));
        }
        return lines;
    }

    private Set<Style> usedStyles() {
        Set<Style> used = new LinkedHashSet<>();
        for (Style s : Style.values()) {
            if (nodes.stream().anyMatch(n -> Style.of(n) == s)) {
                used.add(s);
            }
        }
        return used;
    }

    private int indexOf(String name) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("subtask " + name + " is not in the graph");
    }

    /** Mermaid labels are HTML-ish: quotes and angle brackets become entity codes. */
    private static String mermaidText(String s) {
        return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }

    private static String dotText(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
