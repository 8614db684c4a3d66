/**
 * Gateway clusters (S4.2, S4.3): the registry the seed's authentication node kept,
 * with the channel as the trusted party. The entry point is
 * {@link dev.weft.chaincode.cluster.ClusterContract} ({@code cluster:*});
 * {@link dev.weft.chaincode.cluster.Fencing} is what the task contract calls so
 * that only an organisation's current master at the current epoch lands its results.
 */
package dev.weft.chaincode.cluster;
