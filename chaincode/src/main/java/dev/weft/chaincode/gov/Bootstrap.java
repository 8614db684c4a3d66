package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.Confirmations;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.task.TaskRegistry;
import java.util.List;
import java.util.SortedSet;

/**
 * The first governance settings (S2.1). They take effect only when an admin of
 * every member organisation has confirmed the same settings (a digest of their
 * canonical form, one key per organisation), so no organisation can write
 * itself a governance that others never agreed to. An organisation's
 * confirmation also confirms the named voters of that organisation it lists.
 */
final class Bootstrap {
    static final String CONFIRMATION = "weft.gov.bootstrap";

    private Bootstrap() {
    }

    /**
     * What {@code gov:Bootstrap} answers: the settings (as confirmed, or as
     * written once active), their digest, and who has confirmed so far.
     *
     * <pre>{"settings":{…},"digest":"…","confirmedBy":["Org1MSP"],"waitingFor":["Org2MSP","Org3MSP"],
     *  "active":false}</pre>
     */
    record Status(GovernanceSettings settings, String digest, List<String> confirmedBy, List<String> waitingFor,
            boolean active) {
    }

    static Status confirm(Ledger ledger, String settingsJson) {
        Members.requireMemberAdmin(ledger);
        GovernanceSettings in = Json.parseArgument("settings", settingsJson, GovernanceSettings.class);
        if (ledger.exists(GovernanceSettings.key(ledger))) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "governance is already bootstrapped");
        }
        SortedSet<String> members = Members.of(ledger);
        GovernanceSettings settings = in.normalised(members, 1, ledger, null);
        if (!settings.voters().represents(members)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "every member organisation %s needs a voter", members);
        }
        GovernanceSettings content = settings.content();
        Confirmations.Status s = Confirmations.confirm(ledger, CONFIRMATION, content, members);
        if (!s.complete()) {
            return new Status(content, s.digest(), s.confirmedBy(), s.waitingFor(), false);
        }
        ledger.put(GovernanceSettings.key(ledger), settings);
        TaskRegistry.setGoverned(ledger, settings.governTaskDefinitions());
        for (String identity : settings.voters().identities()) {
            VoterIdentities.record(ledger, identity, VoterIdentities.BY_BOOTSTRAP);
        }
        ledger.emit(GovEvents.BOOTSTRAPPED, settings);
        return new Status(settings, s.digest(), s.confirmedBy(), s.waitingFor(), true);
    }
}
