/**
 * The engine extension API (weft-engine-api): what a compute unit (S0.5) or a
 * conversion module to a heterogeneous engine (S1.6) depends on, and nothing
 * else. A unit implements {@link dev.weft.engine.api.ComputeUnit}, reads a
 * {@link dev.weft.engine.api.UnitRequest} and answers with bytes, a
 * {@link dev.weft.engine.api.UnitException} (the task's failure) or a
 * {@link dev.weft.engine.api.UnitFault} (its own); an asynchronous unit completes a
 * {@link dev.weft.engine.api.UnitCompletion} later without holding a thread. A
 * {@link dev.weft.engine.api.ConversionModule}, registered through
 * {@link java.util.ServiceLoader}, builds units from the sections of
 * {@code engine.yaml} (docs/engines.md).
 */
package dev.weft.engine.api;
