/**
 * The gateway's durable store: task list (S0.1), result list (S0.11), event
 * checkpoints (S0.3) and dead letters, on embedded SQLite or PostgreSQL.
 * The entry point is {@link dev.weft.gateway.store.GatewayStore}.
 */
package dev.weft.gateway.store;
