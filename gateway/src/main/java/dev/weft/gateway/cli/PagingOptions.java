package dev.weft.gateway.cli;

import dev.weft.gateway.task.TaskLedger;
import picocli.CommandLine.Option;

/** {@code --page-size}, {@code --bookmark} and {@code --all} of a command that lists the chain's entries a page at a time. */
final class PagingOptions {
    @Option(names = "--page-size", defaultValue = "" + TaskLedger.DEFAULT_PAGE_SIZE,
            description = "Entries per page, 1..200 (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--bookmark", description = "Continue from this bookmark (as the previous page printed it).")
    String bookmark;

    @Option(names = "--all", description = "Page through to the end, not just the first page.")
    boolean all;
}
