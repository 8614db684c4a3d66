package dev.weft.chaincode.cluster;

/**
 * A gateway instance enrolled by its organisation's admin. {@code identity} is the
 * qualified Fabric identity ({@code Org1MSP/x509::…}) the member signs with: the
 * chain's stand-in for the seed's "cluster ID encrypted by the authentication
 * node", since only the holder of that identity's key can act as the member.
 *
 * @param priority  higher wins an election; ties go to the smaller member ID
 * @param address   host:port where the member serves its cluster and exchange ports
 * @param electable false for an ordinary member that must never become master
 */
public record ClusterMember(String mspId, String memberId, String identity, int priority, String address,
        boolean electable, String enrolledBy, String enrolledAt, String txId) {
}
