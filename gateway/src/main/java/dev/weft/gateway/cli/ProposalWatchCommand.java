package dev.weft.gateway.cli;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.GovernanceNotices;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft proposal watch} (S2.2, S2.6): prints, as they happen, the vote
 * requests addressed to your organisation and the decisions and executions of
 * proposals that concern it. With {@code --vote yes|no|abstain} it answers each
 * vote request in the slots the signer holds (S2.3).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow vote requests to your organisation and decisions that concern it; optionally vote.")
final class ProposalWatchCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Option(names = "--from-block", description = "First block to read (default: the next block).")
    Long fromBlock;

    @Option(names = "--vote", description = "Answer every vote request with this choice: yes, no or abstain.")
    Governance.Choice vote;

    @Option(names = "--count", description = "Stop after this many notices.")
    Integer count;

    @Option(names = "--timeout", converter = DurationConverter.class, description = "Stop after this long.")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ConnectionConfig config = connection.toConfig();
        BlockingQueue<GovernanceNotices.Notice> notices = new LinkedBlockingQueue<>();
        try (ChainClient chain = ChainClient.connect(config)) {
            long start = fromBlock != null ? fromBlock : chain.blockHeight();
            if (!output.json()) {
                out.println("watching governance for " + config.mspId() + " from block " + start);
                out.flush();
            }
            Governance gov = new Governance(chain);
            try (GovernanceNotices watch = GovernanceNotices.start(() -> chain, config.mspId(), start,
                    new InMemoryCheckpointer(), notices::add)) {
                long until = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
                int seen = 0;
                while (count == null || seen < count) {
                    long left = until - System.nanoTime();
                    GovernanceNotices.Notice n = notices.poll(Math.max(0, Math.min(left, TimeUnit.SECONDS.toNanos(1))),
                            TimeUnit.NANOSECONDS);
                    if (n == null) {
                        if (left <= 0) {
                            break;
                        }
                        continue;
                    }
                    seen++;
                    output.print(out, n, "[block " + n.blockNumber() + "] " + n.describe());
                    if (vote != null && n.kind() == GovernanceNotices.Kind.VOTE_REQUESTED) {
                        answer(gov, n, out);
                    }
                }
            }
        }
        return 0;
    }

    private void answer(Governance gov, GovernanceNotices.Notice n, PrintWriter out) {
        try {
            Governance.Submitted s = gov.vote(n.proposalId(), vote);
            if (!output.json()) {
                out.println("  voted " + vote + " in block " + s.blockNumber());
            }
        } catch (ChainException e) {
            // FORBIDDEN: the signer holds none of the slots (e.g. not an admin); ALREADY_EXISTS: voted before.
            if (!output.json()) {
                out.println("  not voted: " + e.code() + " " + e.getMessage());
            }
        }
        out.flush();
    }
}
