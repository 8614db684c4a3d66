package dev.weft.chaincode.cluster;

/**
 * An organisation's gateway cluster; its ID is the organisation's MSP ID (one
 * cluster per organisation), {@code name} is the label its members are started with.
 *
 * @param masterTtlSeconds how long after the master's last keepalive (transaction
 *                         time) another member may take over
 */
public record Cluster(String mspId, String name, int masterTtlSeconds, String createdBy, String createdAt,
        String txId) {
}
