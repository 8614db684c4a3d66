package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft proposal bootstrap --user Admin}: confirms the governance settings
 * for the caller's organisation; they are written once an admin of every member
 * organisation has run it with the same settings (each org, once per channel). By default every member organisation votes (once, through
 * any of its admins); {@code --named-voter org2:User3} adds identities that vote
 * as themselves; {@code --min-voters} lets a proposal narrow its voters to that
 * many. Everything else takes the chaincode's defaults unless {@code --settings}
 * gives it.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "Confirm the governance settings for your organisation (an admin); they take effect once "
                + "every member organisation confirmed the same settings.")
final class ProposalBootstrapCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;

    @Option(names = "--settings", description = "Settings JSON, or @FILE; the options below override its fields.")
    String settings;

    @Option(names = "--voter-org", description = "A voting organisation (repeatable; default: every member).")
    List<String> voterOrgs;

    @Option(names = "--named-voter", description = "A voter identity: PROFILE:USER (org2:User3) or MSPID/x509::… "
            + "(repeatable).")
    List<String> namedVoters;

    @Option(names = "--min-voters", description = "The fewest voters a proposal may narrow to (default: all voters).")
    Integer minVoters;

    @Option(names = "--if-absent", description = "Succeed without writing when governance is already bootstrapped.")
    boolean ifAbsent;

    @Override
    public Integer call() throws IOException {
        try (ChainClient chain = ChainClient.connect(connection.toConfig())) {
            Governance gov = new Governance(chain);
            Optional<JsonNode> existing = ifAbsent ? gov.settings() : Optional.empty();
            if (existing.isPresent()) {
                return already(existing.get());
            }
            ObjectNode s = settings == null ? Json.CONTRACT.object() : (ObjectNode) Json.CONTRACT.read(settings.startsWith("@")
                    ? Files.readString(Path.of(settings.substring(1))) : settings, "--settings");
            if (voterOrgs != null || namedVoters != null) {
                ObjectNode voters = s.putObject("voters");
                ArrayNode orgs = voters.putArray("orgs");
                if (voterOrgs != null) {
                    voterOrgs.forEach(orgs::add);
                } else {
                    members(chain).forEach(orgs::add);
                }
                ArrayNode ids = voters.putArray("identities");
                (namedVoters == null ? List.<String>of() : namedVoters).stream().map(QualifiedId::ofProfileUser)
                        .forEach(ids::add);
            }
            if (minVoters != null) {
                s.put("minVoters", minVoters);
            }
            JsonNode status;
            try {
                status = gov.bootstrap(Json.CONTRACT.write(s)).value();
            } catch (ChainException e) {
                if (ifAbsent && e.is(ErrorCode.ALREADY_EXISTS)) {
                    return already(gov.settings().orElseThrow(() -> e));
                }
                throw e;
            }
            JsonNode written = status.path("settings");
            String digest = status.path("digest").asText();
            String text = status.path("active").asBoolean() ? "governance bootstrapped: "
                    + written.path("voters").path("orgs").size() + " organisation voter(s), "
                    + written.path("voters").path("identities").size() + " named voter(s), threshold "
                    + written.path("thresholdBps").asInt() + " bps, quorum " + written.path("quorumBps").asInt()
                    + " bps, min voters " + written.path("minVoters").asInt() + "; confirmed by "
                    + join(status.path("confirmedBy"))
                    : chain.config().mspId() + " confirmed the governance settings " + digest.substring(0, 12)
                    + "…; they take effect once " + join(status.path("waitingFor")) + " confirm the same settings "
                    + "(each runs this command)";
            output.print(spec.commandLine().getOut(), status, text);
            return 0;
        }
    }

    private Integer already(JsonNode existing) {
        output.print(spec.commandLine().getOut(), existing, "governance is already bootstrapped "
                + "(revision " + existing.path("revision").asLong() + "); settings unchanged");
        return 0;
    }

    private static String join(JsonNode list) {
        List<String> out = new java.util.ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return String.join(", ", out);
    }

    private static List<String> members(ChainClient chain) {
        JsonNode list = Json.CONTRACT.read(chain.evaluateText("system:Members"), "system:Members").path("mspIds");
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).toList();
    }
}
