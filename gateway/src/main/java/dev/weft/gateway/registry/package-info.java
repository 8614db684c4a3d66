/**
 * The service center (S0.7, S0.10): engine frameworks register their compute
 * units over gRPC ({@code weft.registry.v1.ServiceCenter}), heartbeat, and send
 * exception notices for units that go down; schedulers read every framework's
 * and unit's service status, pushed (Watch) or polled (List).
 *
 * <p>Entry points: {@link dev.weft.gateway.registry.ServiceCenter} (the domain:
 * registrations, heartbeat timeouts, changes), {@link dev.weft.gateway.registry.RegistryServer}
 * (serve it, TLS with the organisation's gateway certificate),
 * {@link dev.weft.gateway.registry.RegistryClient} (call it),
 * {@link dev.weft.gateway.registry.EngineRegistration} (an engine's register,
 * heartbeat and fault-notice loop) and {@link dev.weft.gateway.registry.ServiceFeed}
 * (a scheduler's watch-with-reconnect or poll, feeding
 * {@code dev.weft.gateway.scheduler.EngineDirectory#apply}).
 *
 * <p>Status rules: a framework is available from registration until it
 * deregisters or misses {@code missedHeartbeats} heartbeats in a row; while it is
 * down all its units read unavailable. A unit is unavailable from a fault notice
 * (or a heartbeat that says so) until a heartbeat reports it available again.
 */
package dev.weft.gateway.registry;
