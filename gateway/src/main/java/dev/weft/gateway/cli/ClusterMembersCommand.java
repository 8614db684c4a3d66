package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.ClusterTables;
import dev.weft.gateway.cluster.NeighbourTable;
import dev.weft.gateway.json.Json;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft cluster members [MSPID]}: the neighbour table (S4.4) as the chain shows it now. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "List a cluster's members: role, priority, electable, live, address, aging timer.")
final class ClusterMembersCommand extends LedgerCommand {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "MSPID", description = "Whose cluster.")
    String mspId;

    @Override
    int run(ChainClient chain) {
        String msp = mspId != null ? mspId : config.mspId();
        NeighbourTable table = NeighbourTable.of(new ClusterLedger(chain).cluster(msp), Instant.now());
        print(JSON.valueToTree(new Rows(table)), ClusterTables.members(table));
        return 0;
    }

    /** The JSON shape: times as ISO-8601 text. */
    record Rows(String clusterId, long epoch, java.util.List<Row> members) {
        Rows(NeighbourTable t) {
            this(t.clusterId(), t.epoch(), t.neighbours().stream().map(n -> new Row(n.memberId(), n.role().name(),
                    n.priority(), n.electable(), n.live(), n.address(),
                    n.agingExpiresAt() == null ? null : n.agingExpiresAt().toString())).toList());
        }
    }

    record Row(String memberId, String role, int priority, boolean electable, boolean live, String address,
            String agingExpiresAt) {
    }
}
