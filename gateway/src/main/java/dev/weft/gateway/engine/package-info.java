/**
 * The standard compute engine (S1.6): the {@code weft.engine.v1.ComputeEngine}
 * gRPC service, an engine framework hosting compute units (S0.5), the
 * first-send / resend execution registry (S0.8), built-in units and a client.
 *
 * <p>Entry points: {@link dev.weft.gateway.engine.EngineServer} (serve a
 * framework, or {@code EngineServer.start(EngineConfiguration)} as
 * {@code weft engine serve} does), {@link dev.weft.gateway.engine.EngineFramework}
 * (host units in process), {@link dev.weft.gateway.engine.EngineClient} (call an
 * engine), {@link dev.weft.engine.api.ComputeUnit} (write a unit; module weft-engine-api).
 *
 * <p>Input convention (S1.8): a request carries the task's {@code parameters}
 * and the inputs the gateway prefetched, named {@code param:<name>} (a parameter,
 * UTF-8) and {@code result:<subtask>/<msp>} (an upstream result, checked against
 * its digest before any unit runs). Every built-in result is canonical JSON and
 * travels with the SHA-256 (hex) of exactly its bytes.
 */
package dev.weft.gateway.engine;
