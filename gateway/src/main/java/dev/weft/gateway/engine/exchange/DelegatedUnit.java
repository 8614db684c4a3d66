package dev.weft.gateway.engine.exchange;

/**
 * A unit of a standard engine whose collaborative part (S1.10) runs in another engine of the
 * organisation, a heterogeneous engine's sidecar with an exchange hub of its own: the standard
 * engine opens the attempt's session with that {@link ExchangeSession.Delegate}, so items for the
 * attempt are handed on to the sidecar, or negotiated straight to it where it may be reached
 * directly. Null: this unit's collaborative parts run here.
 */
public interface DelegatedUnit {
    ExchangeSession.Delegate delegate();
}
