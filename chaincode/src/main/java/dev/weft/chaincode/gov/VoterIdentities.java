package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;

/**
 * The identities that may be named as voters: each has signed a transaction
 * itself ({@code gov:ConfirmIdentity} with no argument), or an admin of its
 * organisation confirmed it ({@code gov:ConfirmIdentity <identity>}, or by
 * confirming bootstrap settings that name it). A made-up name is never a voter.
 * One key per identity.
 *
 * <pre>{"identity":"Org2MSP/x509::CN=User3,…","mspId":"Org2MSP","how":"SIGNED","by":"Org2MSP/x509::…",
 *  "time":"…","txId":"…"}</pre>
 */
final class VoterIdentities {
    static final String KEY_TYPE = "weft.gov.identity";
    static final String SIGNED = "SIGNED";
    static final String BY_ADMIN = "ADMIN_CONFIRMED";
    static final String BY_BOOTSTRAP = "BOOTSTRAP";

    record Registered(String identity, String mspId, String how, String by, String time, String txId) {
    }

    private VoterIdentities() {
    }

    /** The caller itself (empty {@code identity}), or an identity of the caller's organisation if it is its admin. */
    static Registered confirm(Ledger ledger, String identity) {
        Caller caller = Members.requireMember(ledger);
        boolean self = identity == null || identity.isEmpty() || identity.equals(caller.qualifiedId());
        String id = self ? caller.qualifiedId() : identity;
        if (!self && !(caller.isAdmin() && id.startsWith(caller.mspId() + "/"))) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "only %s itself or an admin of its organisation may confirm it",
                    id);
        }
        new VoterSet(java.util.List.of(), java.util.List.of(id)).normalised(Members.of(ledger));
        if (ledger.exists(key(ledger, id))) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "%s is already confirmed", id);
        }
        return record(ledger, id, self ? SIGNED : BY_ADMIN);
    }

    static Registered record(Ledger ledger, String identity, String how) {
        Registered r = new Registered(identity, identity.substring(0, identity.indexOf('/')), how,
                ledger.caller().qualifiedId(), ledger.txTime().toString(), ledger.txId());
        ledger.putOwned(key(ledger, identity), r, r.mspId());
        return r;
    }

    /** BAD_REQUEST for a named voter that has neither signed nor been confirmed by its organisation's admin. */
    static void requireKnown(Ledger ledger, VoterSet voters) {
        for (String id : voters.identities()) {
            if (!ledger.exists(key(ledger, id))) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "named voter %s has not signed gov:ConfirmIdentity, "
                        + "nor has an admin of its organisation confirmed it", id);
            }
        }
    }

    private static String key(Ledger ledger, String identity) {
        return ledger.key(KEY_TYPE, identity);
    }
}
