package dev.weft.gateway.cli;

import dev.weft.gateway.governance.QualifiedId;
import dev.weft.gateway.routing.RolloutOperations;
import java.util.List;
import picocli.CommandLine.Option;

/** Who may roll a rollout step back without a vote (S2.8): shared by {@code rollout start} and {@code advance}. */
final class EmergencyOptions {
    @Option(names = "--emergency-org", description = "Pre-approve an emergency rollback by this organisation's "
            + "admins (repeatable).")
    List<String> orgs;

    @Option(names = "--emergency-id", description = "Pre-approve an emergency rollback by this identity: "
            + "PROFILE:USER or MSPID/x509::… (repeatable).")
    List<String> ids;

    RolloutOperations.Principals principals() {
        return principals(orgs, ids);
    }

    /** Organisations and identities (PROFILE:USER or qualified IDs) as the routing operations take them. */
    static RolloutOperations.Principals principals(List<String> orgs, List<String> ids) {
        return RolloutOperations.Principals.of(orgs, ids == null ? null
                : ids.stream().map(QualifiedId::ofProfileUser).toList());
    }
}
