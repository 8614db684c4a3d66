package dev.weft.gateway.api;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.transport.GrpcServers;
import dev.weft.proto.gateway.v1.WeftGatewayGrpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's gRPC API to its organisation's users (S2.6): {@code weft.gateway.v1.WeftGateway}
 * and the standard gRPC health service, over mutual TLS with the organisation's
 * TLS CA. Users follow their governance notices and send proposals, votes and
 * management requests they sign themselves; the gateway holds no user's key.
 *
 * <pre>{@code
 * try (ApiServer api = ApiServer.start(GrpcServers.mutualTls("127.0.0.1", 7071, tls), () -> chain, config)) {
 *     // weft proposal vote ID yes --gateway 127.0.0.1:7071 --user User1 --profile org2
 * }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final OfflineTransactions transactions;

    private ApiServer(ServerBuilder<?> builder, java.util.function.Supplier<ChainClient> chain,
            ConnectionConfig config) {
        this.transactions = new OfflineTransactions(config);
        WeftGatewayService service = new WeftGatewayService(new NoticeFeed(chain, config.mspId()), transactions);
        this.server = builder.addService(ServerInterceptors.intercept(service, new TlsCaller()))
                .addService(health.getHealthService()).build();
    }

    /**
     * Serves the API on {@code builder}; notices come from {@code chain}'s events, and
     * users' signed transactions go to the peer of {@code config} (its certificate only names the forwarder).
     */
    public static ApiServer start(ServerBuilder<?> builder, java.util.function.Supplier<ChainClient> chain,
            ConnectionConfig config) {
        ApiServer api = new ApiServer(builder, chain, config);
        try {
            GrpcServers.start(api.server, "the gateway API");
        } catch (UncheckedIOException e) {
            api.transactions.close();
            throw e;
        }
        api.health.setStatus("", ServingStatus.SERVING);
        api.health.setStatus(WeftGatewayGrpc.SERVICE_NAME, ServingStatus.SERVING);
        LOG.info("gateway API (gRPC, mutual TLS) on port {}", api.port());
        return api;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        health.enterTerminalState();
        GrpcServers.stop(server);
        transactions.close();
    }
}
