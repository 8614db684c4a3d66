package dev.weft.gateway.engine.exchange;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.gateway.transport.TlsStreams;
import dev.weft.proto.exchange.v1.ItemAddress;
import dev.weft.proto.exchange.v1.StreamAnswer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The item stream of a hub (docs/exchange.md "Fourth round"): a JSSE socket beside the
 * exchange port that serves the bytes of the items the hub sends or passes on by digest,
 * with the same mutual TLS (the organisation's Fabric TLS identity; a caller's certificate
 * must chain to a member organisation's TLS CA, which names the caller) and the same
 * authorisation as {@code Fetch} ({@link LargeItems#servable}). One item a connection:
 * the caller writes a length-delimited {@link ItemAddress}, the port answers with a
 * delimited {@link StreamAnswer} and, when it accepts, frames of the item as the spool has
 * them (a spool still filling is served as it fills, within the deadline of {@code Fetch}):
 * a 4-byte length and that many bytes, 0 at the end, -1 and a {@link StreamAnswer} when the
 * spool failed. Starting the port makes its hub fetch over the other hubs' streams too.
 *
 * <p>A fetcher that stops reading holds a write of the port's: socket timeouts bound reads
 * only, so the hub's timer cuts a connection whose frame has not gone out within
 * {@link #STALL} (a 1 MiB frame at 35 KB/s), which frees the worker serving it.
 *
 * <pre>{@code
 * ExchangePort port = ExchangePort.start("127.0.0.1", 7090, tls, trust, hub);
 * StreamPort stream = StreamPort.start("127.0.0.1", 0, tls, trust, hub);  // 0: any free port
 * }</pre>
 */
public final class StreamPort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPort.class);
    /** The largest request taken: an item address is a few hundred bytes. */
    static final int MAX_REQUEST = 16 * 1024;
    private static final int HANDSHAKE_MS = 10_000;
    private static final int END = 0;
    private static final int FAILED = -1;
    /** How long one frame may take to go out before the connection is cut as stalled. */
    static final Duration STALL = Duration.ofSeconds(30);
    /** How long closing a stalled connection waits for its blocked write to give up the TLS record lock. */
    private static final int LINGER_S = 1;

    private final SSLServerSocket server;
    private final ExchangeHub hub;
    private final ExchangeTrust trust;
    private final Set<SSLSocket> connections = ConcurrentHashMap.newKeySet();
    /** The connections writing a frame now, with the time (nanoTime) the frame began. */
    private final Map<SSLSocket, Long> writing = new ConcurrentHashMap<>();
    private final Duration stall;
    private final ScheduledFuture<?> watchdog;
    private final Thread acceptor;
    private volatile String negotiated;

    private StreamPort(SSLServerSocket server, ExchangeHub hub, ExchangeTrust trust, Duration stall) {
        this.server = server;
        this.hub = hub;
        this.trust = trust;
        this.stall = stall;
        this.acceptor = new Thread(this::accept, "weft-item-stream-" + hub.self());
        acceptor.setDaemon(true);
        long every = Math.max(50, stall.toMillis() / 4);
        this.watchdog = hub.timer().scheduleWithFixedDelay(this::cutStalled, every, every, TimeUnit.MILLISECONDS);
    }

    /** Listens on {@code bindHost:port} (0: any free port) for {@code hub}, which fetches over streams from now on. */
    public static StreamPort start(String bindHost, int port, TlsMaterial tls, ExchangeTrust trust, ExchangeHub hub) {
        return start(bindHost, port, tls, trust, hub, STALL);
    }

    /** As above, cutting a connection whose frame has not gone out within {@code stall}. */
    static StreamPort start(String bindHost, int port, TlsMaterial tls, ExchangeTrust trust, ExchangeHub hub,
            Duration stall) {
        SSLContext context = TlsStreams.context(tls, trust.trustManager());
        SSLServerSocket server = TlsStreams.listen(context, bindHost, port, "item stream of " + hub.self());
        StreamPort stream = new StreamPort(server, hub, trust, stall);
        stream.acceptor.start();
        hub.large().streams(new StreamFetch(context, trust, hub.workers()), server.getLocalPort());
        LOG.info("item stream of {} listening on {}:{} (mutual TLS, member organisations {})", hub.self(), bindHost,
                server.getLocalPort(), trust.organisations());
        return stream;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections open now (accepted, not yet dropped). */
    int connections() {
        return connections.size();
    }

    /** Protocol and cipher suite of the last connection's TLS session, or null before the first. */
    public String negotiated() {
        return negotiated;
    }

    private void accept() {
        while (!server.isClosed()) {
            SSLSocket socket;
            try {
                socket = (SSLSocket) server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debug("item stream of {}: accept failed: {}", hub.self(), e.toString());
                    pause();
                }
                continue;
            }
            connections.add(socket);
            try {
                hub.workers().execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                drop(socket);
            }
        }
    }

    /** A short pause after a failed accept (out of file descriptors, say), so the loop does not spin. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(SSLSocket socket) {
        try {
            socket.setTcpNoDelay(true);
            // a close from the watchdog gives up waiting for a blocked write after this, and cuts the socket
            socket.setSoLinger(true, LINGER_S);
            socket.setSoTimeout(HANDSHAKE_MS);
            socket.startHandshake();
            negotiated = TlsStreams.negotiated(socket);
            X509Certificate peer = TlsStreams.peer(socket);
            String caller = peer == null ? null : trust.organisationOf(peer).orElse(null);
            ItemAddress request = readRequest(socket.getInputStream());
            socket.setSoTimeout((int) LargeItems.CALL_DEADLINE_MS);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            if (caller == null) {
                answer(out, Status.Code.UNAUTHENTICATED, "no certificate of a member organisation", 0);
                return;
            }
            Spool spool;
            try {
                spool = hub.large().servable(caller, request);
            } catch (StatusRuntimeException e) {
                answer(out, e.getStatus().getCode(), e.getStatus().getDescription(), 0);
                return;
            }
            answer(out, Status.Code.OK, "", spool.size());
            frames(socket, spool, out);
        } catch (IOException e) {
            LOG.debug("item stream of {}: a connection ended: {}", hub.self(), e.toString());
        } finally {
            drop(socket);
        }
    }

    /** The spool's bytes as they arrive, in frames; a failed or stalled spool ends with its reason. */
    private void frames(SSLSocket socket, Spool spool, DataOutputStream out) throws IOException {
        int offset = 0;
        try {
            while (offset < spool.size()) {
                ByteString chunk = spool.read(offset, ExchangeHub.CHUNK, LargeItems.CALL_DEADLINE_MS);
                writing.put(socket, System.nanoTime());
                try {
                    out.writeInt(chunk.size());
                    chunk.writeTo(out);
                    out.flush();
                } finally {
                    writing.remove(socket);
                }
                offset += chunk.size();
            }
            out.writeInt(END);
            out.flush();
        } catch (IllegalStateException e) {
            out.writeInt(FAILED);
            answer(out, Status.Code.UNAVAILABLE, e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.writeInt(FAILED);
            answer(out, Status.Code.UNAVAILABLE, "the serving hub is stopping", 0);
        }
    }

    /** Writes one answer (code OK: accepted, empty code on the wire) and flushes. */
    private static void answer(DataOutputStream out, Status.Code code, String reason, long size) throws IOException {
        StreamAnswer.Builder a = StreamAnswer.newBuilder().setSize(size);
        if (code != Status.Code.OK) {
            a.setCode(code.name()).setReason(reason == null ? "" : reason);
        }
        a.build().writeDelimitedTo(out);
        out.flush();
    }

    /** One delimited message's bytes from {@code in}, at most {@code max} of them. */
    private static byte[] delimited(InputStream in, int max) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("the connection closed before a message");
        }
        int n = CodedInputStream.readRawVarint32(first, in);
        if (n < 0 || n > max) {
            throw new IOException("a message of " + n + " bytes is over the limit of " + max);
        }
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("the connection closed inside a message");
        }
        return bytes;
    }

    static ItemAddress readRequest(InputStream in) throws IOException {
        return ItemAddress.parseFrom(delimited(in, MAX_REQUEST));
    }

    static StreamAnswer readAnswer(InputStream in) throws IOException {
        return StreamAnswer.parseFrom(delimited(in, MAX_REQUEST));
    }

    /** Cuts the connections whose current frame has taken longer than {@link #stall} to go out. */
    private void cutStalled() {
        long now = System.nanoTime();
        writing.forEach((socket, since) -> {
            if (now - since > stall.toNanos()) {
                LOG.info("item stream of {}: {} stopped reading; no frame went out in {} ms, connection cut",
                        hub.self(), socket.getRemoteSocketAddress(), stall.toMillis());
                writing.remove(socket);
                // closing waits up to the linger for the blocked write, then shuts the socket under it
                hub.timer().execute(() -> drop(socket));
            }
        });
    }

    private void drop(SSLSocket socket) {
        connections.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("item stream of {}: close failed: {}", hub.self(), e.toString());
        }
    }

    /** Stops listening and cuts the connections still open; the hub fetches over streams still. */
    @Override
    public void close() {
        watchdog.cancel(false);
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("item stream of {}: close failed: {}", hub.self(), e.toString());
        }
        for (SSLSocket s : connections) {
            drop(s);
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
