package dev.weft.gateway.transport;

import io.grpc.Server;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The one way a Weft gRPC server stops: no new calls, running calls get a grace period, then they are cut. */
public final class GrpcServers {
    private static final long GRACE_SECONDS = 5;

    private GrpcServers() {
    }

    /**
     * Stops {@code server}: refuses new calls at once, lets running ones finish for a few
     * seconds, then cancels what is left and waits a few more for it to go. Keeps the
     * caller's interrupt status.
     */
    public static void stop(Server server) {
        stop(server, Duration.ofSeconds(GRACE_SECONDS));
    }

    /** As {@link #stop(Server)}, giving running calls {@code grace} before they are cut. */
    public static void stop(Server server, Duration grace) {
        server.shutdown();
        try {
            if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
