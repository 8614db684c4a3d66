package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.chain.Page;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.gateway.task.TaskTables;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft task pending}: the READY subtasks still waiting for an
 * organisation's result, as its gateway reads them after a crash or failover.
 * JSON: {@code {"mspId":"…","items":[ReadySubtask…],"bookmark":"…"}}.
 */
@Command(name = "pending", mixinStandardHelpOptions = true,
        description = "List the ready subtasks still waiting for an organisation's result.")
final class TaskPendingCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Option(names = "--msp", description = "Whose work (default: the signing identity's MSP).")
    String msp;

    @Mixin PagingOptions paging;

    @Override
    public Integer call() {
        ConnectionConfig config = connection.toConfig();
        String mspId = msp != null ? msp : config.mspId();
        try (ChainClient chain = ChainClient.connect(config)) {
            Page page = new TaskLedger(chain).pending(mspId, paging.pageSize, paging.bookmark, paging.all);
            StringBuilder text = new StringBuilder(page.items().isEmpty()
                    ? "nothing pending for " + mspId : TaskTables.pending(page.items()).stripTrailing());
            if (!page.bookmark().isEmpty()) {
                text.append("\nmore: --bookmark ").append(page.bookmark());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("mspId", mspId);
            result.put("items", page.items());
            result.put("bookmark", page.bookmark());
            output.print(spec.commandLine().getOut(), result, text.toString());
        }
        return 0;
    }
}
