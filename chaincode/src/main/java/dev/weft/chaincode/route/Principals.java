package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of organisations (MSP IDs) and identities ({@code "Org1MSP/x509::…"}):
 * a gray cohort, or who may trigger a pre-approved emergency rollback.
 *
 * <pre>{"orgs":["Org2MSP"],"identities":["Org1MSP/x509::CN=tester,OU=client::CN=ca.org1"]}</pre>
 */
public record Principals(List<String> orgs, List<String> identities) {
    static final int MAX_ENTRIES = 200;
    private static final String MSP_ID = "[A-Za-z0-9._-]{1,64}";

    /** Sorted and checked against the member organisations; null when empty. */
    static Principals normalised(Principals in, Set<String> members, String what) {
        if (in == null) {
            return null;
        }
        TreeSet<String> o = new TreeSet<>();
        for (String org : in.orgs == null ? List.<String>of() : in.orgs) {
            if (org == null || !org.matches(MSP_ID) || !members.contains(org)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "%s: %s is not a member organisation", what, org);
            }
            o.add(org);
        }
        TreeSet<String> ids = new TreeSet<>();
        for (String id : in.identities == null ? List.<String>of() : in.identities) {
            int slash = id == null ? -1 : id.indexOf('/');
            if (slash < 1 || slash == id.length() - 1 || id.length() > 1024 || id.indexOf('\u0000') >= 0
                    || !members.contains(id.substring(0, slash))) {
                throw WeftException.of(ErrorCode.BAD_REQUEST,
                        "%s: %s is not an identity (MSPID/id) of a member organisation", what, id);
            }
            ids.add(id);
        }
        if (o.size() + ids.size() > MAX_ENTRIES) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "%s lists more than %d entries", what, MAX_ENTRIES);
        }
        return o.isEmpty() && ids.isEmpty() ? null : new Principals(List.copyOf(o), List.copyOf(ids));
    }

    /** Cohort membership: any identity of a listed organisation, or a listed identity. */
    boolean includes(Caller caller) {
        return orgs.contains(caller.mspId()) || identities.contains(caller.qualifiedId());
    }

    /** Acting for the set: an admin of a listed organisation, or a listed identity. */
    boolean actsFor(Caller caller) {
        return (caller.isAdmin() && orgs.contains(caller.mspId())) || identities.contains(caller.qualifiedId());
    }
}
