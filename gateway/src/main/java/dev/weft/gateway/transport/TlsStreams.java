package dev.weft.gateway.transport;

import dev.weft.gateway.engine.callback.PemSsl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Comparator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Plain JSSE sockets with mutual TLS, for the ports of Weft that are not gRPC (the exchange's
 * item stream): the organisation's Fabric TLS identity presented on both ends, the peer's
 * certificate checked against a trust built elsewhere (the channel's member TLS CAs), a
 * client certificate required by the server.
 *
 * <pre>{@code
 * SSLContext context = TlsStreams.context(tls, trust.trustManager());
 * SSLServerSocket server = TlsStreams.listen(context, "127.0.0.1", 0, "item stream");
 * SSLSocket socket = TlsStreams.connect(context, "127.0.0.1:" + server.getLocalPort(), 5_000, 120_000);
 * }</pre>
 */
public final class TlsStreams {
    private static final int BACKLOG = 64;

    private TlsStreams() {
    }

    /** Presents {@code tls}'s certificate and key; accepts the peers {@code trust} accepts. TLS 1.3 or 1.2. */
    public static SSLContext context(TlsMaterial tls, X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(PemSsl.keyManagers(tls.certificate(), tls.privateKey()), new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JRE offers no TLS context", e);
        }
    }

    /** A server socket on {@code host:port} (0: any free port) that requires a client certificate. */
    public static SSLServerSocket listen(SSLContext context, String host, int port, String what) {
        try {
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(port, BACKLOG, InetAddress.getByName(host));
            SSLParameters parameters = server.getSSLParameters();
            parameters.setNeedClientAuth(true);
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            parameters.setCipherSuites(aes128First(parameters.getCipherSuites()));
            parameters.setUseCipherSuitesOrder(true);
            server.setSSLParameters(parameters);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(what + " cannot listen on " + host + ":" + port, e);
        }
    }

    /**
     * Connects to {@code host:port} and completes the handshake within {@code connectMillis};
     * reads on the socket time out after {@code readMillis}.
     */
    public static SSLSocket connect(SSLContext context, String address, int connectMillis, int readMillis)
            throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException("not host:port: " + address);
        }
        String host = address.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("not host:port: " + address, e);
        }
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(host, port), connectMillis);
            raw.setTcpNoDelay(true);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, true);
            socket.setUseClientMode(true);
            socket.setEnabledCipherSuites(aes128First(socket.getEnabledCipherSuites()));
            socket.setSoTimeout(connectMillis);
            socket.startHandshake();
            socket.setSoTimeout(readMillis);
            return socket;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * The enabled suites with the AES-128-GCM ones first (TLS 1.3: TLS_AES_128_GCM_SHA256), the
     * choice the OpenSSL engine of the gRPC ports makes too; JSSE's own order puts AES-256 first.
     */
    static String[] aes128First(String[] suites) {
        return Arrays.stream(suites).sorted(Comparator.comparing(s -> !s.contains("AES_128_GCM")))
                .toArray(String[]::new);
    }

    /** The leaf certificate the peer presented in {@code socket}'s handshake, or null. */
    public static X509Certificate peer(SSLSocket socket) {
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** Protocol and cipher suite of {@code socket}'s session, e.g. {@code TLSv1.3 TLS_AES_256_GCM_SHA384 (JSSE)}. */
    public static String negotiated(SSLSocket socket) {
        return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite() + " (JSSE)";
    }
}
