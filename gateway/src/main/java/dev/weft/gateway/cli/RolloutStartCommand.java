package dev.weft.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.routing.RolloutOperations.Version;
import dev.weft.gateway.routing.RolloutOperations;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft rollout start asset --old asset_v1@1 --new asset_v2@2} (S2.7, S2.8a):
 * the pre-release step — test traffic goes to the new version. For node logic
 * (S2.9): {@code --old logic-1 --old-orgs Org1MSP,Org2MSP --new logic-2 --new-orgs Org2MSP,Org3MSP}.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Propose the pre-release of a new version (test traffic to it), follow the vote, execute.")
final class RolloutStartCommand extends RolloutStepCommand {
    @Mixin EmergencyOptions emergency;

    @Option(names = "--old", description = "The current version: CHAINCODE[@LABEL], or a logic label with "
            + "--old-orgs. Required when the route is new.")
    String oldVersion;

    @Option(names = "--new", required = true, description = "The new version: CHAINCODE[@LABEL], or a logic label "
            + "with --new-orgs.")
    String newVersion;

    @Option(names = "--old-orgs", split = ",", description = "Node logic: organisations whose peers run the old logic.")
    List<String> oldOrgs;

    @Option(names = "--new-orgs", split = ",", description = "Node logic: organisations whose peers run the new logic.")
    List<String> newOrgs;

    @Override
    ObjectNode operation() {
        boolean node = newOrgs != null;
        Version neu = node ? Version.node(newVersion, newOrgs) : Version.parse(newVersion);
        Version old = oldVersion == null ? null : node ? Version.node(oldVersion, oldOrgs == null ? List.of() : oldOrgs)
                : Version.parse(oldVersion);
        return RolloutOperations.preRelease(route, old, neu, emergency.principals());
    }
}
