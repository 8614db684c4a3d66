/**
 * Traffic routing for gray upgrades of chaincode and node logic (S2.7–S2.9).
 * The entry point is {@link dev.weft.chaincode.route.RouteContract}
 * ({@code route:*}); governance performs the rollout operations through
 * {@link dev.weft.chaincode.route.Rollout}; {@link dev.weft.chaincode.route.Resolver}
 * documents the bucket formula a gateway can reproduce off chain.
 */
package dev.weft.chaincode.route;
