package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.task.TaskGraph;
import dev.weft.gateway.task.TaskLedger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft task graph ID}: a task's subtask DAG, each subtask styled by its
 * state, as Mermaid or DOT ({@code | dot -Tsvg > task.svg}). JSON adds the nodes
 * and edges: {@code {"title","format","graph","nodes":[…],"edges":[…]}}.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Draw a task's subtask DAG with each subtask's state, as Mermaid or Graphviz DOT.")
final class TaskGraphCommand implements Callable<Integer> {
    /** The drawing languages. */
    enum Format { mermaid, dot }

    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The task ID (or a definition ID with --definition).")
    String id;

    @Option(names = "--format", defaultValue = "mermaid", description = "mermaid or dot (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--definition", description = "ID names a definition: draw its DAG without state.")
    boolean definition;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            TaskLedger tasks = new TaskLedger(chain);
            TaskGraph graph = definition ? TaskGraph.ofDefinition(tasks.definition(id)) : TaskGraph.of(tasks.task(id));
            String drawn = format == Format.dot ? graph.dot() : graph.mermaid();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("title", graph.title());
            result.put("format", format.name());
            result.put("graph", drawn);
            result.put("nodes", graph.nodes());
            result.put("edges", graph.edges());
            output.print(spec.commandLine().getOut(), result, drawn.stripTrailing());
        }
        return 0;
    }
}
