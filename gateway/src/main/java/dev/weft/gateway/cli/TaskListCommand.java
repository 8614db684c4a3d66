package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Page;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code weft task list}: tasks by status, a page at a time or {@code --all}
 * pages. JSON: {@code {"items":[Task…],"bookmarks":{"RUNNING":"…",…}}}, where an
 * empty bookmark means that status has no more tasks.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List tasks by status (every status unless --status is given).",
            "Shows one page per status; --all pages through to the end, --bookmark continues a listing."})
final class TaskListCommand implements Callable<Integer> {
    /** The statuses ListTasks can be asked for. */
    enum Status { RUNNING, COMPLETED, FAILED }

    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Option(names = "--status", description = "RUNNING, COMPLETED or FAILED (default: all three).")
    Status status;

    @Mixin PagingOptions paging;

    @Override
    public Integer call() {
        if (paging.bookmark != null && status == null) {
            throw new ParameterException(spec.commandLine(), "--bookmark needs --status (bookmarks are per status)");
        }
        List<Status> statuses = status == null ? List.of(Status.values()) : List.of(status);
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            TaskLedger tasks = new TaskLedger(chain);
            List<JsonNode> items = new ArrayList<>();
            Map<String, String> bookmarks = new LinkedHashMap<>();
            for (Status s : statuses) {
                Page page = tasks.tasks(s.name(), paging.pageSize, paging.bookmark, paging.all);
                items.addAll(page.items());
                bookmarks.put(s.name(), page.bookmark());
            }
            StringBuilder text = new StringBuilder(items.isEmpty() ? "no tasks\n" : TaskTables.tasks(items));
            bookmarks.forEach((s, b) -> {
                if (!b.isEmpty()) {
                    text.append("more ").append(s).append(" tasks: --status ").append(s).append(" --bookmark ")
                            .append(b).append('\n');
                }
            });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("items", items);
            result.put("bookmarks", bookmarks);
            output.print(spec.commandLine().getOut(), result, text.toString().stripTrailing());
        }
        return 0;
    }
}
