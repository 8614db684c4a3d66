package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.json.Json;
import dev.weft.gateway.transport.GrpcChannels;
import dev.weft.gateway.transport.GrpcServers;
import dev.weft.gateway.transport.TlsMaterial;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Member-to-member keepalives inside a cluster (S4.1, S4.4): every member serves one
 * gRPC method on the port of its enrolled address and, on a cadence, sends each peer
 * member ({@code --peer-members HOST:PORT,…}) its own row of the neighbour table
 * (cluster ID, member, priority, address, role, epoch); the reply is the peer's row, so
 * one round trip refreshes both sides' aging timers. The port uses mutual TLS with the
 * organisation's Fabric TLS identity ({@code gatewayTls} of the profile): the server
 * accepts only client certificates the organisation's TLS CA issued, the client only
 * such servers, so a peer member's certificate always belongs to the same organisation;
 * a row naming another organisation or cluster is refused as well.
 *
 * <p>What the members hear here feeds the {@link NeighbourTable} beside the chain's view,
 * so members other than the master need no keepalive transactions for their liveness.
 *
 * <pre>{@code
 * PeerKeepalives peers = PeerKeepalives.start(self, 7441, List.of("127.0.0.1:7442"), tls,
 *         Duration.ofSeconds(1), System::nanoTime);
 * Map<String, Instant> heard = peers.heardAt(Instant.now());
 * }</pre>
 */
public final class PeerKeepalives implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerKeepalives.class);
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    static final String SERVICE = "weft.cluster.v1.ClusterMembers";
    static final MethodDescriptor<byte[], byte[]> KEEPALIVE = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Keepalive"))
            .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();

    /** One member's row as it announces it. */
    public record Row(String mspId, String cluster, String memberId, int priority, String address, String role,
            long epoch) {
    }

    /** A row heard from a peer, with the monotonic time it was heard. */
    public record Heard(Row row, long atNanos) {
    }

    private final Supplier<Row> self;
    private final LongSupplier clock;
    private final Server server;
    private final Map<String, ManagedChannel> peers = new LinkedHashMap<>();
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "weft-peer-keepalive");
        t.setDaemon(true);
        return t;
    });
    private final Duration interval;

    private PeerKeepalives(Supplier<Row> self, int port, List<String> peerAddresses, TlsMaterial tls, Duration interval,
            LongSupplier clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.clock = clock;
        this.interval = interval;
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(KEEPALIVE, ServerCalls.asyncUnaryCall(this::onKeepalive)).build();
        this.server = GrpcServers.start(GrpcServers.mutualTls(port, tls).addService(service),
                "peer keepalives on port " + port);
        for (String address : peerAddresses) {
            peers.put(address, GrpcChannels.mutualTls(address, tls).build());
        }
    }

    /** Serves on {@code port} and starts sending to {@code peerAddresses} every {@code interval}. */
    public static PeerKeepalives start(Supplier<Row> self, int port, List<String> peerAddresses, TlsMaterial tls,
            Duration interval, LongSupplier clock) {
        PeerKeepalives p = new PeerKeepalives(self, port, peerAddresses, tls, interval, clock);
        p.timer.scheduleWithFixedDelay(p::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("member {}: peer keepalives on port {} (mutual TLS) to {}", self.get().memberId(),
                p.server.getPort(), peerAddresses);
        return p;
    }

    public int port() {
        return server.getPort();
    }

    /** Rows refused because they named another organisation or cluster. */
    public long refused() {
        return refused.get();
    }

    /** The rows heard, by member ID. */
    public Map<String, Heard> heard() {
        return Map.copyOf(heard);
    }

    /** When each member was last heard, on the wall clock of {@code now} (for the neighbour table). */
    public Map<String, Instant> heardAt(Instant now) {
        long nowNanos = clock.getAsLong();
        Map<String, Instant> out = new LinkedHashMap<>();
        heard.forEach((id, h) -> out.put(id, now.minusNanos(nowNanos - h.atNanos())));
        return out;
    }

    private void round() {
        byte[] mine = write(self.get());
        for (Map.Entry<String, ManagedChannel> peer : peers.entrySet()) {
            try {
                byte[] reply = ClientCalls.blockingUnaryCall(peer.getValue(), KEEPALIVE,
                        CallOptions.DEFAULT.withDeadlineAfter(interval.toMillis(), TimeUnit.MILLISECONDS), mine);
                accept(read(reply));
            } catch (RuntimeException e) {
                LOG.debug("peer {} did not answer a keepalive: {}", peer.getKey(), e.toString());
            }
        }
    }

    private void onKeepalive(byte[] request, StreamObserver<byte[]> response) {
        Row row;
        try {
            row = read(request);
        } catch (RuntimeException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("not a keepalive row").asRuntimeException());
            return;
        }
        if (!accept(row)) {
            response.onError(Status.PERMISSION_DENIED.withDescription("a member of another organisation or cluster")
                    .asRuntimeException());
            return;
        }
        response.onNext(write(self.get()));
        response.onCompleted();
    }

    private boolean accept(Row row) {
        Row me = self.get();
        if (!me.mspId().equals(row.mspId()) || !me.cluster().equals(row.cluster())
                || me.memberId().equals(row.memberId())) {
            refused.incrementAndGet();
            return false;
        }
        heard.put(row.memberId(), new Heard(row, clock.getAsLong()));
        return true;
    }

    private static byte[] write(Row row) {
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Row read(byte[] json) {
        try {
            return JSON.readValue(json, Row.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        peers.values().forEach(ManagedChannel::shutdownNow);
        server.shutdownNow();
    }

    /** Request and reply bodies are JSON bytes. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
