package dev.weft.gateway.engine.exchange;

/**
 * The large items a hub fetched so far, by how: over the previous hop's item stream
 * ({@link StreamPort}), or over gRPC {@code Fetch} (no stream named, or the stream did not answer).
 */
public record Fetches(long streamed, long fetched) {
}
