package dev.weft.chaincode.task;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Consent before work (issue 9 item 1), as Fabric's chaincode lifecycle does it:
 * a definition is active only while every participant organisation has approved
 * the digest of its current content. Each organisation's approval is its own key
 * ({@code weft.defapproval / definitionId / msp}), so approvals never conflict;
 * an approval of an older digest (the owner replaced the definition since) no
 * longer counts. Every participant's approval key is created (empty, {@link
 * Approval#reserved}) under that organisation's key-level policy when the
 * definition is registered, so that afterwards no other organisations, however
 * many, can approve in its name: the write needs its own peer (issue 9 item 12).
 *
 * <pre>{@code
 * DefinitionApprovals.approve(ledger, "three-org-sales", digest);   // an admin of a participant
 * DefinitionApprovals.requireActive(ledger, definition);           // CreateTask
 * }</pre>
 */
final class DefinitionApprovals {
    static final String KEY_TYPE = "weft.defapproval";

    /**
     * One organisation's approval of one content digest.
     *
     * @param via {@code ApproveDefinition}, {@code RegisterDefinition} (the proposing admin's own
     *            organisation) or {@code proposal:<id>} (a yes vote of a governed registration)
     */
    record Approval(String definitionId, String mspId, String digest, String by, String at, String txId,
            String via) {
        static Approval reserved(String definitionId, String mspId, String txId) {
            return new Approval(definitionId, mspId, null, null, null, txId, "reserved");
        }

        boolean isReserved() {
            return digest == null;
        }
    }

    /** A definition as GetDefinition shows it: its fields, who approved what, and whether tasks may start. */
    record View(@JsonUnwrapped Definition definition, List<Approval> approvals, List<String> awaiting,
            boolean active) {
    }

    private DefinitionApprovals() {
    }

    /**
     * An admin of a participant organisation approves {@code digest}, which must be the current one.
     * Reads only the definition and its own organisation's approval, so approvals never conflict.
     */
    static Approval approve(Ledger ledger, String definitionId, String digest) {
        Caller admin = Members.requireMemberAdmin(ledger);
        Definition definition = TaskRegistry.require(ledger, definitionId);
        if (!definition.participants().contains(admin.mspId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "%s participates in no subtask of definition %s",
                    admin.mspId(), definitionId);
        }
        String current = definition.contentDigest();
        if (!current.equals(Checks.digest(digest))) {
            throw WeftException.of(ErrorCode.CONFLICT, "definition %s revision %d has digest %s, not %s: "
                    + "read it again (weft task definitions %s) before approving", definitionId,
                    definition.revision(), current, digest, definitionId);
        }
        if (find(ledger, definitionId, admin.mspId()).filter(a -> a.digest().equals(current)).isPresent()) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "%s has already approved definition %s at digest %s",
                    admin.mspId(), definitionId, current);
        }
        Approval a = approval(ledger, definition, admin, admin.mspId(), "ApproveDefinition");
        ledger.putOwned(key(ledger, definitionId, admin.mspId()), a, admin.mspId());
        return a;
    }

    /**
     * At registration: records the approvals of those of {@code orgs} that participate, signed by
     * {@code by}, and reserves the other participants' slots; returns the approvals (a transaction
     * does not read its own writes).
     */
    static List<Approval> record(Ledger ledger, Definition definition, Caller by, Collection<String> orgs,
            String via) {
        List<String> participants = definition.participants();
        List<String> approving = orgs.stream().sorted().distinct().filter(participants::contains).toList();
        List<Approval> written = new ArrayList<>();
        for (String msp : participants.stream().sorted().toList()) {
            String key = key(ledger, definition.id(), msp);
            if (approving.contains(msp)) {
                Approval a = approval(ledger, definition, by, msp, via);
                ledger.putOwned(key, a, msp);
                written.add(a);
            } else if (!ledger.exists(key)) {
                ledger.putOwned(key, Approval.reserved(definition.id(), msp, ledger.txId()), msp);
            }
        }
        return written;
    }

    private static Approval approval(Ledger ledger, Definition definition, Caller by, String msp, String via) {
        return new Approval(definition.id(), msp, definition.contentDigest(), by.qualifiedId(),
                ledger.txTime().toString(), ledger.txId(), via);
    }

    /** DEFINITION_NOT_APPROVED unless every participant approved the definition's current content. */
    static void requireActive(Ledger ledger, Definition definition) {
        View view = view(ledger, definition);
        if (!view.active()) {
            throw WeftException.of(ErrorCode.DEFINITION_NOT_APPROVED, "definition %s revision %d (digest %s) is not"
                    + " active: waiting for the approval of %s (weft task approve %s)", definition.id(),
                    definition.revision(), definition.contentDigest(), String.join(", ", view.awaiting()),
                    definition.id());
        }
    }

    static View view(Ledger ledger, Definition definition) {
        return view(ledger, definition, List.of());
    }

    /** The view with {@code written}, this transaction's own approvals, in place of what is stored. */
    static View view(Ledger ledger, Definition definition, List<Approval> written) {
        String current = definition.contentDigest();
        List<Approval> approvals = new ArrayList<>();
        List<String> awaiting = new ArrayList<>();
        for (String msp : definition.participants()) {
            Optional<Approval> a = written.stream().filter(w -> w.mspId().equals(msp)).findFirst()
                    .or(() -> find(ledger, definition.id(), msp));
            a.ifPresent(approvals::add);
            if (a.filter(x -> x.digest().equals(current)).isEmpty()) {
                awaiting.add(msp);
            }
        }
        return new View(definition, approvals, awaiting, awaiting.isEmpty());
    }

    private static Optional<Approval> find(Ledger ledger, String definitionId, String msp) {
        return ledger.get(key(ledger, definitionId, msp), Approval.class).filter(a -> !a.isReserved());
    }

    private static String key(Ledger ledger, String definitionId, String msp) {
        return ledger.key(KEY_TYPE, definitionId, msp);
    }
}
