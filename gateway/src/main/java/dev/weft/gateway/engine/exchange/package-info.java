/**
 * Data exchange between the standard engines of a collaborative subtask's
 * participants (S1.10): the {@code weft.exchange.v1.Exchange} service on each
 * organisation's exchange port, the sessions units exchange through, and the
 * trust that tells which organisation is calling. See {@code docs/exchange.md}.
 */
package dev.weft.gateway.engine.exchange;
