package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.cluster.ClusterEvent;
import dev.weft.gateway.json.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft cluster watch [MSPID]}: prints every cluster event as it commits
 * (registrations, takeovers, forced switches, consensus-error reports, restores;
 * keepalives only with {@code --keepalives}), one line each; with {@code --output json}
 * one JSON object per line with the block number.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow cluster events: takeovers, forced switches, consensus-error reports, enrolments.")
final class ClusterWatchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();

    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MSPID", description = "Only this organisation's cluster.")
    String mspId;

    @Option(names = "--from-block", description = "First block to read (default: the next block).")
    Long fromBlock;

    @Option(names = "--keepalives", description = "Print on-chain keepalives too.")
    boolean keepalives;

    @Option(names = "--count", description = "Stop after this many events.")
    Integer count;

    @Option(names = "--timeout", converter = DurationConverter.class, description = "Stop after this long.")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            long start = fromBlock != null ? fromBlock : chain.blockHeight();
            if (!output.json()) {
                out.println("watching cluster events" + (mspId == null ? "" : " of " + mspId) + " from block " + start);
                out.flush();
            }
            Checkpointer checkpoint = new InMemoryCheckpointer();
            try (EventStream stream = EventStream.start(() -> chain, start, checkpoint,
                    (ChaincodeEvent e) -> accept(e, events))) {
                long until = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
                int seen = 0;
                while (count == null || seen < count) {
                    long left = until - System.nanoTime();
                    ObjectNode e = events.poll(Math.max(0, Math.min(left, TimeUnit.SECONDS.toNanos(1))),
                            TimeUnit.NANOSECONDS);
                    if (e == null) {
                        if (left <= 0) {
                            break;
                        }
                        continue;
                    }
                    seen++;
                    if (output.json()) {
                        out.println(e.toString());
                        out.flush();
                    } else {
                        output.print(out, e, ClusterEvent.describe(e));
                    }
                }
            }
        }
        return 0;
    }

    private void accept(ChaincodeEvent e, BlockingQueue<ObjectNode> events) throws java.io.IOException {
        if (!ClusterEvent.NAME.equals(e.getEventName())) {
            return;
        }
        JsonNode payload = JSON.readTree(e.getPayload());
        if ((mspId != null && !mspId.equals(payload.path("mspId").asText()))
                || (!keepalives && "KEEPALIVE".equals(payload.path("kind").asText()))) {
            return;
        }
        ObjectNode line = ((ObjectNode) payload).put("blockNumber", e.getBlockNumber());
        events.add(line);
    }
}
