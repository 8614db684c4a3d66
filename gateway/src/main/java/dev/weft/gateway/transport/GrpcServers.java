package dev.weft.gateway.transport;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How every Weft gRPC server (engine, service center, gateway API, cluster keepalive, data exchange) is
 * bound, started and stopped: mutual TLS with the organisation's Fabric TLS identity on a chosen address,
 * or plaintext on loopback only; a failure to listen is one unchecked error naming the server; stopping
 * refuses new calls at once, lets running ones finish for a grace period, then cuts them.
 *
 * <pre>{@code
 * Server server = GrpcServers.start(GrpcServers.mutualTls("0.0.0.0", 7060, tls).addService(service), "engine");
 * GrpcServers.stop(server);
 * }</pre>
 */
public final class GrpcServers {
    private static final long GRACE_SECONDS = 5;

    private GrpcServers() {
    }

    /** Mutual TLS on {@code host:port}: {@code tls}'s certificate, clients its CA issued only. */
    public static NettyServerBuilder mutualTls(String host, int port, TlsMaterial tls) {
        return on(host, port, tls.serverCredentials());
    }

    /** Mutual TLS on {@code port} of every interface. */
    public static NettyServerBuilder mutualTls(int port, TlsMaterial tls) {
        return NettyServerBuilder.forPort(port, tls.serverCredentials());
    }

    /** {@code host:port} with credentials built elsewhere (a trust of several organisations' CAs). */
    public static NettyServerBuilder on(String host, int port, ServerCredentials credentials) {
        return NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials);
    }

    /** Plaintext, bound to the loopback interface only: for tests and local experiments. */
    public static NettyServerBuilder loopbackPlaintext(int port) {
        return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                InsecureServerCredentials.create());
    }

    /** Builds and starts {@code builder}'s server; {@code what} names it when it cannot listen. */
    public static Server start(ServerBuilder<?> builder, String what) {
        return start(builder.build(), what);
    }

    /** Starts {@code server}; {@code what} names it when it cannot listen. */
    public static Server start(Server server, String what) {
        try {
            return server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(what + " cannot listen", e);
        }
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
