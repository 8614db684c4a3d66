package dev.weft.gateway.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.engine.Digests;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.gateway.transport.TlsStreams;
import dev.weft.proto.exchange.v1.Item;
import dev.weft.proto.exchange.v1.ItemAddress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The item stream beside the exchange port (docs/exchange.md "Fourth round"): real mutual-TLS
 * sockets on loopback, each organisation with its own test CA, the trust of the three members.
 */
class StreamPortTest {
    static final List<String> PARTICIPANTS = List.of("Org1MSP", "Org2MSP");
    static final byte[] ITEM = new byte[3 * ExchangeHub.CHUNK + 12_345];

    static {
        new Random(11).nextBytes(ITEM);
    }

    @TempDir Path dir;
    ExchangeTrust trust;
    final Map<String, TestCertificates> certs = new TreeMap<>();
    final List<AutoCloseable> open = new ArrayList<>();
    int attempt;

    record Node(ExchangeHub hub, ExchangePort port, StreamPort stream) {
        String address() {
            return "127.0.0.1:" + port.port();
        }

        String streamAddress() {
            return "127.0.0.1:" + stream.port();
        }
    }

    @BeforeEach
    void issue() throws Exception {
        Map<String, Path> cas = new TreeMap<>();
        for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
            certs.put(msp, TestCertificates.issue(dir.resolve(msp), msp));
            cas.put(msp, certs.get(msp).ca);
        }
        trust = ExchangeTrust.of(cas);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    Node node(String msp, TlsMaterial tls, ExchangeHub.Options options) {
        ExchangeHub hub = new ExchangeHub(msp, ExchangePort.clientCredentials(tls, trust),
                EngineTimer.create("t-" + msp), Clock.systemUTC(), Duration.ofMinutes(5), options);
        open.add(hub);
        ExchangePort port = ExchangePort.start("127.0.0.1", 0, tls, trust, hub);
        open.add(port);
        StreamPort stream = StreamPort.start("127.0.0.1", 0, tls, trust, hub);
        open.add(stream);
        return new Node(hub, port, stream);
    }

    Node standard(String msp) {
        return node(msp, certs.get(msp).tls(), ExchangeHub.Options.STANDARD);
    }

    Node engine(String msp) throws Exception {
        return node(msp, certs.get(msp).identity("engine"),
                new ExchangeHub.Options(false, ExchangeLinks.parse("*=relayed"), List.of(), ExchangeHub.CHUNK));
    }

    ExchangeHub.Key key() {
        return new ExchangeHub.Key("t1", "join", ++attempt);
    }

    /** Org1 sends ITEM to Org2 between two standard engines; the bytes Org2's session received. */
    byte[] direct(Node s1, Node s2) throws Exception {
        ExchangeHub.Key key = key();
        Map<String, String> published = Map.of("Org1MSP", s1.address(), "Org2MSP", s2.address());
        ExchangeSession out = s1.hub().open(key, PARTICIPANTS, published);
        ExchangeSession in = s2.hub().open(key, PARTICIPANTS, published);
        out.send("Org2MSP", "blob", "bytes", ITEM);
        return in.receive("Org1MSP", "blob", Duration.ofSeconds(120));
    }

    /** An item Org1's standard engine serves as {@code served} under ITEM's digest, announced to Org2. */
    static Item offered(Node from, Spool served, String to) {
        Item item = Item.newBuilder().setTaskId("t1").setSubtaskId("big").setAttempt(1).setFromMspId("Org1MSP")
                .setToMspId(to).setName("blob").setDigest(Digests.sha256Hex(ITEM)).setSize(ITEM.length)
                .setFetchFrom(from.address()).setStreamFrom(from.streamAddress()).build();
        from.hub().large().offer(item, served);
        return item;
    }

    @Test
    @DisplayName("S1.10 item stream, direct: a large item is streamed from the sender's stream port, whole and "
            + "digest-checked, without gRPC Fetch")
    void directOverTheStream() throws Exception {
        Node s1 = standard("Org1MSP");
        Node s2 = standard("Org2MSP");
        assertThat(direct(s1, s2)).isEqualTo(ITEM);
        assertThat(s2.hub().fetches()).isEqualTo(new Fetches(1, 0));
    }

    @Test
    @DisplayName("S1.10 item stream, relayed: every hop (unit engine, both standard engines) streams from the "
            + "previous one's stream port, the relays passing the spool on while it fills")
    void relayedOverTheStream() throws Exception {
        Node s1 = standard("Org1MSP");
        Node s2 = standard("Org2MSP");
        Node e1 = engine("Org1MSP");
        Node e2 = engine("Org2MSP");
        ExchangeHub.Key key = key();
        Map<String, String> published = Map.of("Org1MSP", s1.address(), "Org2MSP", s2.address());
        s1.hub().open(key, PARTICIPANTS, published, new ExchangeSession.Delegate(e1.address(), Set.of(), false));
        s2.hub().open(key, PARTICIPANTS, published, new ExchangeSession.Delegate(e2.address(), Set.of(), false));
        ExchangeSession out = e1.hub().open(key, PARTICIPANTS, published);
        ExchangeSession in = e2.hub().open(key, PARTICIPANTS, published);
        out.send("Org2MSP", "blob", "bytes", ITEM);
        assertThat(in.receive("Org1MSP", "blob", Duration.ofSeconds(120))).isEqualTo(ITEM);
        assertThat(s1.hub().relayed() + s2.hub().relayed()).isEqualTo(2);
        for (Node hop : List.of(s1, s2, e2)) {
            assertThat(hop.hub().fetches()).isEqualTo(new Fetches(1, 0));
        }
    }

    @Test
    @DisplayName("S1.10 item stream: bytes that do not match the announced digest are refused at the receiver "
            + "(INVALID_ARGUMENT), with no second try over gRPC")
    void digestMismatchRefused() throws Exception {
        Node s1 = standard("Org1MSP");
        Node s2 = standard("Org2MSP");
        byte[] tampered = ITEM.clone();
        tampered[ITEM.length - 3] ^= 1;
        Item item = offered(s1, Spool.of(tampered, Digests.sha256Hex(ITEM)), "Org2MSP");
        assertThatThrownBy(() -> s2.hub().large().fetchNow(item)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("do not match the digest");
                });
        assertThat(s2.hub().fetches()).isEqualTo(new Fetches(1, 0));
    }

    @Test
    @DisplayName("S1.10 item stream: an organisation that is not the item's receiver is refused "
            + "(PERMISSION_DENIED, as Fetch would), and a stream served by a third organisation is not read")
    void unauthorisedRefused() throws Exception {
        Node s1 = standard("Org1MSP");
        Node s3 = standard("Org3MSP");
        Item item = offered(s1, Spool.of(ITEM, Digests.sha256Hex(ITEM)), "Org2MSP");
        assertThatThrownBy(() -> s3.hub().large().fetchNow(item)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getDescription()).contains("PERMISSION_DENIED")
                        .contains("Org3MSP is not the receiver of item blob"));
        assertThat(s3.hub().fetches()).isEqualTo(new Fetches(1, 0));

        Node s2 = standard("Org2MSP");
        Item elsewhere = item.toBuilder().setStreamFrom(s3.streamAddress()).build();
        assertThatThrownBy(() -> s2.hub().large().fetchNow(elsewhere))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                        .contains("PERMISSION_DENIED").contains("served by Org3MSP"));
    }

    @Test
    @DisplayName("S1.10 item stream fallback: with the sender's stream port closed, the receiver fetches the item "
            + "over gRPC Fetch, whole and digest-checked")
    void fallsBackToFetchWhenTheStreamIsClosed() throws Exception {
        Node s1 = standard("Org1MSP");
        Node s2 = standard("Org2MSP");
        s1.stream().close();
        assertThat(direct(s1, s2)).isEqualTo(ITEM);
        assertThat(s2.hub().fetches()).isEqualTo(new Fetches(0, 1));

        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        Item item = offered(s1, Spool.of(ITEM, Digests.sha256Hex(ITEM)), "Org2MSP").toBuilder()
                .setStreamFrom("127.0.0.1:" + free).build();
        assertThat(s2.hub().large().fetchNow(item)).isEqualTo(ITEM);
        assertThat(s2.hub().fetches()).isEqualTo(new Fetches(0, 2));
    }

    @Test
    @DisplayName("S1.10 item stream: a spool still filling at the server is streamed as it fills, to the end")
    void stillFillingSpoolStreamedToTheEnd() throws Exception {
        Node s1 = standard("Org1MSP");
        Node s2 = standard("Org2MSP");
        Spool filling = Spool.passing(ITEM.length, Digests.sha256Hex(ITEM), ExchangePort.MAX_ITEM_BYTES);
        int half = ITEM.length / 2;
        filling.write(new ByteArrayInputStream(ITEM, 0, half), half);
        Item item = offered(s1, filling, "Org2MSP");
        CompletableFuture<byte[]> fetched = CompletableFuture.supplyAsync(() -> s2.hub().large().fetchNow(item));
        assertThat(fetched).isNotDone();
        filling.write(new ByteArrayInputStream(ITEM, half, ITEM.length - half), ITEM.length - half);
        assertThat(filling.finish()).isNull();
        assertThat(fetched.get(120, TimeUnit.SECONDS)).isEqualTo(ITEM);
        assertThat(s2.hub().fetches()).isEqualTo(new Fetches(1, 0));
        assertThat(Arrays.equals(filling.bytes(), ITEM)).isTrue();
    }

    @Test
    @DisplayName("S1.10 item stream: a fetcher that stops reading has its connection cut once a frame has not gone "
            + "out within the stall limit, and the worker that served it is free again")
    void stalledFetcherIsCut() throws Exception {
        TlsMaterial tls = certs.get("Org1MSP").tls();
        ExchangeHub hub = new ExchangeHub("Org1MSP", ExchangePort.clientCredentials(tls, trust),
                EngineTimer.create("t-stall"), Clock.systemUTC(), Duration.ofMinutes(5), ExchangeHub.Options.STANDARD);
        open.add(hub);
        ExchangePort port = ExchangePort.start("127.0.0.1", 0, tls, trust, hub);
        open.add(port);
        StreamPort stream = StreamPort.start("127.0.0.1", 0, tls, trust, hub, Duration.ofMillis(500));
        open.add(stream);
        // far more than loopback's socket buffers hold, so the server's writes block once they are full
        byte[] big = new byte[48 * 1024 * 1024];
        new Random(5).nextBytes(big);
        String digest = Digests.sha256Hex(big);
        Item item = Item.newBuilder().setTaskId("t1").setSubtaskId("big").setAttempt(1).setFromMspId("Org1MSP")
                .setToMspId("Org2MSP").setName("blob").setDigest(digest).setSize(big.length).build();
        hub.large().offer(item, Spool.of(big, digest));

        TlsMaterial fetcher = certs.get("Org2MSP").tls();
        SSLContext context = TlsStreams.context(fetcher, trust.trustManager());
        try (SSLSocket socket = TlsStreams.connect(context,
                "127.0.0.1:" + stream.port(), 5_000, 10_000)) {
            ItemAddress.newBuilder().setTaskId("t1").setSubtaskId("big").setAttempt(1)
                    .setFromMspId("Org1MSP").setToMspId("Org2MSP").setName("blob").setDigest(digest).build()
                    .writeDelimitedTo(socket.getOutputStream());
            socket.getOutputStream().flush();
            assertThat(StreamPort.readAnswer(socket.getInputStream()).getCode()).isEmpty();
            assertThat(stream.connections()).isEqualTo(1);
            // the fetcher reads nothing more: the port cuts it within the stall limit and a linger
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (stream.connections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(stream.connections()).as("connections open after the stall").isZero();
            long read = 0;
            byte[] buffer = new byte[1 << 16];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    read += n;
                }
            } catch (IOException cut) {
                // a reset: the connection was cut under the fetcher
            }
            assertThat(read).as("bytes the stalled fetcher could still read").isLessThan(big.length);
        }
        // the port still serves: an honest fetcher gets the whole item
        ExchangeHub receiver = new ExchangeHub("Org2MSP", ExchangePort.clientCredentials(fetcher, trust),
                EngineTimer.create("t-stall-2"), Clock.systemUTC(), Duration.ofMinutes(5), ExchangeHub.Options.STANDARD);
        open.add(receiver);
        StreamPort own = StreamPort.start("127.0.0.1", 0, fetcher, trust, receiver);
        open.add(own);
        Item announced = item.toBuilder().setFetchFrom("127.0.0.1:" + port.port())
                .setStreamFrom("127.0.0.1:" + stream.port()).build();
        assertThat(receiver.large().fetchNow(announced)).isEqualTo(big);
        assertThat(receiver.fetches()).isEqualTo(new Fetches(1, 0));
    }
}
