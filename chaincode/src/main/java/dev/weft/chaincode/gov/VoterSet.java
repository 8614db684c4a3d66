package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who votes: organisations, each voting once through any of its admin
 * identities, and named identities ({@code "Org1MSP/x509::CN=…"}, as
 * {@link Caller#qualifiedId()} prints them). Each entry is one voter slot:
 * {@code "org:Org1MSP"} or {@code "id:Org1MSP/x509::…"}.
 *
 * <pre>{"orgs":["Org1MSP","Org2MSP"],"identities":["Org3MSP/x509::CN=Release,OU=client::CN=ca.org3"]}</pre>
 */
public record VoterSet(List<String> orgs, List<String> identities) {
    static final int MAX_VOTERS = 200;
    private static final String MSP_ID = "[A-Za-z0-9._-]{1,64}";
    private static final int MAX_IDENTITY = 1024;

    /** The same set with sorted, de-duplicated lists, checked against the member organisations. */
    VoterSet normalised(Set<String> members) {
        TreeSet<String> o = new TreeSet<>();
        for (String org : orgs == null ? List.<String>of() : orgs) {
            if (org == null || !org.matches(MSP_ID)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "invalid voter organisation %s", org);
            }
            if (!members.contains(org)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "voter organisation %s is not a member", org);
            }
            o.add(org);
        }
        TreeSet<String> ids = new TreeSet<>();
        for (String id : identities == null ? List.<String>of() : identities) {
            int slash = id == null ? -1 : id.indexOf('/');
            if (slash < 1 || id.length() > MAX_IDENTITY || id.indexOf('\u0000') >= 0 || slash == id.length() - 1) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "invalid voter identity %s (expected MSPID/identity-id)", id);
            }
            if (!members.contains(id.substring(0, slash))) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "voter identity %s is not of a member organisation", id);
            }
            ids.add(id);
        }
        if (o.isEmpty() && ids.isEmpty()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "the voter set is empty");
        }
        if (o.size() + ids.size() > MAX_VOTERS) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "more than %d voters", MAX_VOTERS);
        }
        return new VoterSet(List.copyOf(o), List.copyOf(ids));
    }

    /** Every voter slot, organisations first, each list in sorted order. */
    List<String> slots() {
        List<String> out = new ArrayList<>();
        orgs.forEach(o -> out.add("org:" + o));
        identities.forEach(i -> out.add("id:" + i));
        return out;
    }

    /** The organisations that have a voice in this set, as an organisation or through a named identity. */
    Set<String> organisations() {
        TreeSet<String> out = new TreeSet<>(orgs);
        identities.forEach(i -> out.add(i.substring(0, i.indexOf('/'))));
        return out;
    }

    int count() {
        return orgs.size() + identities.size();
    }

    /** The slots the caller may vote in: its own identity, and its organisation if it is an admin of it. */
    List<String> slotsHeldBy(Caller caller) {
        List<String> out = new ArrayList<>();
        if (caller.isAdmin() && orgs.contains(caller.mspId())) {
            out.add("org:" + caller.mspId());
        }
        if (identities.contains(caller.qualifiedId())) {
            out.add("id:" + caller.qualifiedId());
        }
        return out;
    }

    /** Whether every voter of this set is also a voter of {@code wider}. */
    boolean within(VoterSet wider) {
        return wider.orgs.containsAll(orgs) && wider.identities.containsAll(identities);
    }

    /** Whether each of the given organisations has a voice: as an organisation or through a named identity. */
    boolean represents(Set<String> mspIds) {
        for (String msp : mspIds) {
            if (!orgs.contains(msp) && identities.stream().noneMatch(i -> i.startsWith(msp + "/"))) {
                return false;
            }
        }
        return true;
    }
}
