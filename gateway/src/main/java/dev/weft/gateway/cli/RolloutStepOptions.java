package dev.weft.gateway.cli;

import dev.weft.gateway.routing.Rollout;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a rollout step is proposed and followed: description, voters, waiting. */
final class RolloutStepOptions {
    @Option(names = "--description", description = "Why; shown to voters.")
    String description;

    @Option(names = "--voters", defaultValue = Rollout.ORG_VOTERS,
            description = "orgs: one vote per governance organisation; all: every governance voter "
                    + "(default: ${DEFAULT-VALUE}).")
    String voters;

    @Option(names = "--no-wait", description = "Propose (or check the pending step once) and return.")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for the votes (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Re-check the tally at least this often while waiting (default: ${DEFAULT-VALUE}).")
    Duration poll;

    boolean waits() {
        return !noWait;
    }

    Rollout.Options options() {
        return new Rollout.Options(description, voters, noWait ? Duration.ZERO : timeout, poll);
    }
}
