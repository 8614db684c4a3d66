package dev.weft.chaincode.ledger;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The channel's member organisations as the chaincode knows them. Chaincode
 * cannot read the channel configuration, so the list is written once at
 * deployment, when an admin of every listed organisation has confirmed it
 * ({@code system:InitMembers}), and changed afterwards only by governance.
 */
public final class Members {
    static final String KEY_TYPE = "weft.members";

    /** The stored form. */
    public record MemberList(List<String> mspIds) {
    }

    private Members() {
    }

    public static String key(Ledger ledger) {
        return ledger.key(KEY_TYPE);
    }

    public static SortedSet<String> of(Ledger ledger) {
        MemberList list = ledger.get(key(ledger), MemberList.class).orElseThrow(() -> WeftException.of(
                ErrorCode.NOT_INITIALISED, "member organisations are not set; run system:InitMembers"));
        return new TreeSet<>(list.mspIds());
    }

    /** The caller, checked to belong to a member organisation. */
    public static Caller requireMember(Ledger ledger) {
        Caller caller = ledger.caller();
        if (!of(ledger).contains(caller.mspId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "%s is not a member organisation", caller.mspId());
        }
        return caller;
    }

    /** The caller, checked to be an admin of a member organisation. */
    public static Caller requireMemberAdmin(Ledger ledger) {
        Caller caller = requireMember(ledger);
        if (!caller.isAdmin()) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "%s is not an admin of %s", caller.id(), caller.mspId());
        }
        return caller;
    }
}
