/**
 * Gateway clusters (S4.1, S4.4–S4.6): {@link dev.weft.gateway.cluster.Member} is one
 * gateway instance in its organisation's cluster, keeping its on-chain keepalive,
 * computing the {@link dev.weft.gateway.cluster.NeighbourTable} election and running
 * the scheduler only while its {@link dev.weft.gateway.cluster.MasterLease} holds;
 * {@link dev.weft.gateway.cluster.ClusterLedger} is the typed client of the
 * {@code cluster} contract.
 */
package dev.weft.gateway.cluster;
