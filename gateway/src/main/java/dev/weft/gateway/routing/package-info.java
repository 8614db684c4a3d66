/**
 * Gray upgrades as the service platform runs them (S2.7–S2.9): the {@code route}
 * contract's calls ({@link dev.weft.gateway.routing.Routes}), walking a rollout
 * through governed phases ({@link dev.weft.gateway.routing.Rollout} with
 * {@link dev.weft.gateway.routing.RolloutOperations}), calling a logical name the
 * way its policy says ({@link dev.weft.gateway.routing.Invoker}; node-logic
 * routing picks the endorsers the chaincode's {@code route:Resolve} names),
 * counting where traffic landed ({@link dev.weft.gateway.routing.TrafficRun}) and
 * text views ({@link dev.weft.gateway.routing.RouteViews}).
 */
package dev.weft.gateway.routing;
