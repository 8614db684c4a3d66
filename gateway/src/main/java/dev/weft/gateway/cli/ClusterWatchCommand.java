package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.cluster.ClusterEvent;
import dev.weft.gateway.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
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

    @Option(names = "--keepalives", description = "Print on-chain keepalives too.")
    boolean keepalives;

    @Mixin WatchOptions watch;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            long start = watch.start(chain);
            if (!output.json()) {
                out.println("watching cluster events" + (mspId == null ? "" : " of " + mspId) + " from block " + start);
                out.flush();
            }
            Checkpointer checkpoint = new InMemoryCheckpointer();
            try (EventStream stream = EventStream.start(() -> chain, start, checkpoint,
                    (ChaincodeEvent e) -> accept(e, events))) {
                watch.drain(events, e -> {
                    if (output.json()) {
                        out.println(e.toString());
                        out.flush();
                    } else {
                        output.print(out, e, ClusterEvent.describe(e));
                    }
                }, () -> { });
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
