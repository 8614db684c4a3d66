package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Page;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.ProposalViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft proposal list [--status OPEN] [--target asset]}: proposals in ID order, a page at a time. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List proposals, all or in one status.")
final class ProposalListCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Option(names = "--status", description = "OPEN, PASSED, REJECTED, EXPIRED or CANCELLED (default: all).")
    String status;

    @Option(names = "--target", description = "Only proposals whose operation acts on this target.")
    String target;

    @Option(names = "--page-size", defaultValue = "50", description = "Proposals per page (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--bookmark", description = "Continue from the bookmark a previous page printed.")
    String bookmark;

    @Option(names = "--all", description = "Every page from the bookmark on.")
    boolean all;

    @Override
    public Integer call() {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            Page page = new Governance(chain).proposals(status, pageSize, bookmark, all);
            List<JsonNode> items = page.items().stream()
                    .filter(p -> target == null || target.equals(p.path("operation").path("target").asText()))
                    .toList();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("items", items);
            result.put("bookmark", page.bookmark());
            String more = page.bookmark().isEmpty() ? "" : "\nmore: --bookmark " + page.bookmark();
            output.print(spec.commandLine().getOut(), result, ProposalViews.list(items).stripTrailing() + more);
            return 0;
        }
    }
}
