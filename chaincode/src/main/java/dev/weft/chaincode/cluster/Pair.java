package dev.weft.chaincode.cluster;

import java.util.List;

/**
 * Pair mode of an organisation's cluster (S3.1): two enrolled members that back each
 * other up. Which of them is the <b>validator</b> (takes work, submits results) is the
 * cluster's master row, so the task contract's fencing by master and epoch applies
 * unchanged; the other member is the <b>sync</b> member (follows the chain only).
 *
 * @param members       the two member IDs, in the order the admin named them
 * @param windows       N: how many closed liveness windows a switch looks at (S3.3, S3.4)
 * @param windowSeconds the length of a liveness window; each member beacons twice per window (S3.2)
 */
public record Pair(String mspId, String cluster, List<String> members, int windows, int windowSeconds,
        String createdBy, String createdAt, String txId) {

    boolean has(String memberId) {
        return members.contains(memberId);
    }

    String partnerOf(String memberId) {
        return members.get(0).equals(memberId) ? members.get(1) : members.get(0);
    }
}
