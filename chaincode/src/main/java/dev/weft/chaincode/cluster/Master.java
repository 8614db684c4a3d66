package dev.weft.chaincode.cluster;

/**
 * A row of the master table. Epoch 0 with no member is a cluster without a master
 * yet; Register makes epoch 1 and every Update adds one. The epoch is the fencing
 * token a master passes with each write it makes for its organisation.
 *
 * @param since transaction time of the Register or Update that made this master
 */
public record Master(String mspId, String cluster, String memberId, String identity, String address, long epoch,
        String since, String txId) {

    static Master none(String mspId, String cluster, String time, String txId) {
        return new Master(mspId, cluster, null, null, null, 0, time, txId);
    }

    boolean hasMaster() {
        return memberId != null;
    }
}
