package dev.weft.gateway.engine;

import io.grpc.BindableService;

/**
 * A unit that also serves a gRPC service on the standard engine's port, under
 * its mutual TLS: the dial-in endpoint of module {@code dialin} (S1.7 remote).
 */
public interface ServiceUnit {
    BindableService service();
}
