package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.governance.DecisionWaiter;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.ProposalViews;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft proposal create --type GRAY --target asset --params '{"weightBps":1000}'} (S2.1): records a
 * proposal for a management operation; its voters get a vote request. With
 * {@code --wait}, follows it until it is decided (tallying as soon as it is certain).
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Propose a management operation (as an organisation admin or a named governance voter).",
            "With --wait: exit 0 PASSED, 6 rejected/expired/cancelled, 7 still open when the wait ended."})
final class ProposalCreateCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Mixin GatewayApiOptions gateway;
    @Spec CommandSpec spec;

    @Option(names = "--type", description = "PRE_RELEASE, GRAY, SWITCH, ROLLBACK, FINALIZE, REGISTER_TASK_DEFINITION, "
            + "UPDATE_GOVERNANCE or SET_MEMBERS.")
    String type;

    @Option(names = "--target", description = "What the operation acts on (a route name, a definition ID, governance).")
    String target;

    @Option(names = "--params", description = "The operation's parameters: JSON, or @FILE.")
    String params;

    @Option(names = "--file", description = "The whole proposal request as JSON ({\"operation\":…}); other options "
            + "override its fields.")
    Path file;

    @Option(names = "--description", description = "Why; shown to voters.")
    String description;

    @Option(names = "--voter-org", description = "Narrow the voters to these organisations (repeatable).")
    List<String> voterOrgs;

    @Option(names = "--voter-id", description = "Add a named voter: PROFILE:USER (org2:User3) or MSPID/x509::… "
            + "(repeatable).")
    List<String> voterIds;

    @Option(names = "--threshold-bps", description = "A stricter threshold than the settings', in basis points.")
    Integer thresholdBps;

    @Option(names = "--quorum-bps", description = "A stricter quorum than the settings', in basis points.")
    Integer quorumBps;

    @Option(names = "--deadline", description = "When voting closes (ISO-8601), within the maximum voting period.")
    String deadline;

    @Option(names = "--wait", description = "Follow the proposal until it is decided.")
    boolean waitForDecision;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ObjectNode request = file == null ? Json.CONTRACT.object() : (ObjectNode) Json.CONTRACT.read(Files.readString(file),
                file.toString());
        if (type != null || target != null || params != null) {
            ObjectNode op = request.has("operation") ? (ObjectNode) request.get("operation") : request.putObject(
                    "operation");
            put(op, "type", type);
            put(op, "target", target);
            if (params != null) {
                op.set("params", Json.CONTRACT.read(params.startsWith("@") ? Files.readString(Path.of(params.substring(1)))
                        : params, "--params"));
            }
        }
        if (!request.has("operation")) {
            throw new IllegalArgumentException("give --type and --target (and --params), or --file");
        }
        put(request, "description", description);
        put(request, "deadline", deadline);
        if (thresholdBps != null) {
            request.put("thresholdBps", thresholdBps);
        }
        if (quorumBps != null) {
            request.put("quorumBps", quorumBps);
        }
        if (voterOrgs != null || voterIds != null) {
            ObjectNode v = request.putObject("voters");
            (voterOrgs == null ? List.<String>of() : voterOrgs).forEach(v.putArray("orgs")::add);
            (voterIds == null ? List.<String>of() : voterIds).stream().map(QualifiedId::ofProfileUser)
                    .forEach(v.putArray("identities")::add);
        }
        PrintWriter out = spec.commandLine().getOut();
        ConnectionConfig user = connection.toConfig();
        try (ChainClient chain = ChainClient.connect(user);
                GatewayApiClient api = gateway.enabled() ? gateway.connect(connection, user) : null) {
            Governance gov = api == null ? new Governance(chain) : GatewayApiOptions.governance(api, user, chain);
            Governance.Submitted s = gov.propose(Json.CONTRACT.write(request));
            JsonNode p = s.value();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("transactionId", s.transactionId());
            result.put("blockNumber", s.blockNumber());
            result.put("proposal", p);
            String headline = "proposed " + ProposalViews.operation(p.path("operation")) + " as proposal "
                    + p.path("id").asText() + " in block " + s.blockNumber() + "; voting open until "
                    + p.path("deadline").asText();
            if (!waitForDecision) {
                output.print(out, result, headline);
                return 0;
            }
            if (!output.json()) {
                out.println(headline);
            }
            try (DecisionWaiter w = DecisionWaiter.start(gov, p.path("id").asText(), s.blockNumber(), null)) {
                DecisionWaiter.Outcome o = w.await(timeout, ProposalCommand.progress(out, output));
                result.put("proposal", o.proposal());
                output.print(out, result, "proposal " + o.status() + ": "
                        + o.proposal().path("decision").path("reason").asText(o.timedOut() ? "still open" : ""));
                return ProposalCommand.exitCode(o);
            }
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
