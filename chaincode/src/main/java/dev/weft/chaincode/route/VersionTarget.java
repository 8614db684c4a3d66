package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One version of a routed thing. For a CHAINCODE route, the deployed chaincode
 * that serves it; for a NODE route (node logic, S2.9), the organisations — and
 * optionally the peers — that run it.
 *
 * <pre>{"label":"2","chaincode":"asset_v2"}
 * {"label":"logic-2","orgs":["Org2MSP"],"peers":["peer0.org2.example.com"]}</pre>
 */
public record VersionTarget(String label, String chaincode, List<String> orgs, List<String> peers) {
    private static final String LABEL = "[A-Za-z0-9._-]{1,64}";
    /** Fabric's rule for chaincode names. */
    private static final String CHAINCODE = "[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*";
    private static final String PEER = "[A-Za-z0-9._:-]{1,255}";
    private static final int MAX_LIST = 100;

    static VersionTarget normalised(VersionTarget in, RouteKind kind, Set<String> members, String what) {
        if (in == null) {
            return null;
        }
        if (in.label == null || !in.label.matches(LABEL)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s.label must match %s", what, LABEL);
        }
        if (kind == RouteKind.CHAINCODE) {
            if (in.chaincode == null || in.chaincode.length() > 64 || !in.chaincode.matches(CHAINCODE)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "%s.chaincode is not a valid chaincode name", what);
            }
            if (!empty(in.orgs) || !empty(in.peers)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "%s of a CHAINCODE route names no orgs or peers", what);
            }
            return new VersionTarget(in.label, in.chaincode, null, null);
        }
        if (in.chaincode != null) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s of a NODE route names no chaincode", what);
        }
        if (empty(in.orgs)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s.orgs must name the organisations running it", what);
        }
        TreeSet<String> orgs = new TreeSet<>();
        for (String org : in.orgs) {
            if (org == null || !members.contains(org)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "%s: %s is not a member organisation", what, org);
            }
            orgs.add(org);
        }
        TreeSet<String> peers = new TreeSet<>();
        for (String peer : in.peers == null ? List.<String>of() : in.peers) {
            if (peer == null || !peer.matches(PEER)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "%s: invalid peer %s", what, peer);
            }
            peers.add(peer);
        }
        if (orgs.size() > MAX_LIST || peers.size() > MAX_LIST) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "%s lists more than %d orgs or peers", what, MAX_LIST);
        }
        return new VersionTarget(in.label, null, List.copyOf(orgs), peers.isEmpty() ? null : List.copyOf(peers));
    }

    /** Whether two versions can be told apart: different labels and, for chaincode, different chaincodes. */
    boolean distinctFrom(VersionTarget other) {
        return !label.equals(other.label) && (chaincode == null || !chaincode.equals(other.chaincode));
    }

    private static boolean empty(List<String> list) {
        return list == null || list.isEmpty();
    }
}
