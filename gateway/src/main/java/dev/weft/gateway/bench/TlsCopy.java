package dev.weft.gateway.bench;

import dev.weft.gateway.engine.callback.PemSsl;
import dev.weft.gateway.transport.TlsMaterial;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The ceiling of {@code weft bench exchange}: a plain mutual-TLS socket on loopback, served
 * with one organisation's TLS identity and connected to with the other's (each trusting both
 * TLS CAs, as the exchange ports do), copying a payload into one array at the far end and
 * acknowledging it with one byte. One connection is kept for the whole run, as the exchange
 * keeps its channels.
 */
final class TlsCopy implements AutoCloseable {
    private static final int BUFFER = ExchangeBenchmark.MIB;

    private final SSLServerSocket server;
    private final SSLSocket client;
    private final Thread reader;
    private final DataOutputStream out;
    private final InputStream acks;

    private TlsCopy(SSLServerSocket server, SSLSocket client, Thread reader) throws IOException {
        this.server = server;
        this.client = client;
        this.reader = reader;
        this.out = new DataOutputStream(client.getOutputStream());
        this.acks = client.getInputStream();
    }

    /** {@code receiver}'s identity serves, {@code sender}'s connects; both trust both CAs. */
    static TlsCopy start(TlsMaterial sender, TlsMaterial receiver) throws IOException {
        Path cas = Files.createTempFile("weft-bench-cas", ".pem");
        try {
            Files.writeString(cas, Files.readString(sender.trustedCa()) + "\n" + Files.readString(receiver.trustedCa()));
            InetAddress loopback = InetAddress.getLoopbackAddress();
            SSLServerSocket server = (SSLServerSocket) PemSsl.context(receiver.certificate(), receiver.privateKey(), cas)
                    .getServerSocketFactory().createServerSocket(0, 1, loopback);
            server.setNeedClientAuth(true);
            Thread reader = new Thread(() -> serve(server), "bench-tls-copy");
            reader.setDaemon(true);
            reader.start();
            SSLSocket client = (SSLSocket) PemSsl.context(sender.certificate(), sender.privateKey(), cas)
                    .getSocketFactory().createSocket(loopback, server.getLocalPort());
            client.setTcpNoDelay(true);
            client.startHandshake();
            return new TlsCopy(server, client, reader);
        } finally {
            Files.deleteIfExists(cas);
        }
    }

    /** Protocol and cipher suite the socket negotiated, and the provider doing the TLS (e.g. {@code SunJSSE}). */
    String negotiated() {
        return client.getSession().getProtocol() + " " + client.getSession().getCipherSuite() + " (JSSE)";
    }

    /** Seconds from the first byte written until the far end has every byte in its array and said so. */
    double copy(byte[] payload) throws IOException {
        long t0 = System.nanoTime();
        out.writeInt(payload.length);
        for (int offset = 0; offset < payload.length; offset += BUFFER) {
            out.write(payload, offset, Math.min(BUFFER, payload.length - offset));
        }
        out.flush();
        if (acks.read() != 1) {
            throw new IOException("the TLS copy's receiver did not acknowledge " + payload.length + " bytes");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void serve(SSLServerSocket server) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream ack = socket.getOutputStream();
            while (true) {
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                ack.write(1);
                ack.flush();
            }
        } catch (IOException endOfRun) {
            // the client closed the connection: the run is over
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
