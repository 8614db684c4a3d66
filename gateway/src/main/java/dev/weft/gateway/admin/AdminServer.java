package dev.weft.gateway.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.weft.gateway.transport.TlsMaterial;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS admin port of a gateway or an engine (the JDK's HTTPS server): mutual
 * TLS with the organisation's TLS identity, so only holders of a certificate its
 * TLS CA issued (its users, nodes and gateways) connect. It serves the Prometheus
 * text of a Micrometer registry at {@code /metrics}, {@code /health}, and whatever
 * else its owner adds (the gateway's console).
 *
 * <pre>{@code
 * try (AdminServer admin = AdminServer.builder("127.0.0.1", 7070, tls).metrics(registry).build().start()) {
 *     // curl --cert user.crt --key user.key --cacert tlsca.pem https://127.0.0.1:7070/metrics
 * }
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Prometheus text exposition format 0.0.4. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpsServer server;
    private final ExecutorService executor;

    private AdminServer(Builder b) {
        try {
            server = HttpsServer.create(new InetSocketAddress(b.host, b.port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the admin port " + b.host + ":" + b.port, e);
        }
        SSLContext context = AdminTls.serverContext(b.tls);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "weft-admin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        b.handlers.forEach((path, handler) -> server.createContext(path, safely(handler)));
    }

    public static Builder builder(String host, int port, TlsMaterial tls) {
        return new Builder(host, port, tls);
    }

    public AdminServer start() {
        server.start();
        LOG.info("admin port (HTTPS, mutual TLS) on {}:{}", server.getAddress().getHostString(), port());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Sends a complete response. */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** Read-only: GET and HEAD only; a failing handler answers 500 instead of dropping the connection. */
    private static HttpHandler safely(HttpHandler handler) {
        return exchange -> {
            try {
                String method = exchange.getRequestMethod();
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    respond(exchange, 405, "text/plain; charset=utf-8",
                            "read-only: GET only\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                handler.handle(exchange);
            } catch (RuntimeException e) {
                LOG.warn("admin request {} failed: {}", exchange.getRequestURI(), e.toString());
                respond(exchange, 500, "text/plain; charset=utf-8",
                        ("internal error: " + e.getClass().getSimpleName() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** Builds an admin server: the port, its TLS identity, and what it serves. */
    public static final class Builder {
        private final String host;
        private final int port;
        private final TlsMaterial tls;
        private final Map<String, HttpHandler> handlers = new LinkedHashMap<>();

        private Builder(String host, int port, TlsMaterial tls) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            this.tls = Objects.requireNonNull(tls, "tls");
            handlers.put("/health", exchange -> respond(exchange, 200, "text/plain; charset=utf-8",
                    "SERVING\n".getBytes(StandardCharsets.UTF_8)));
        }

        /** {@code /metrics}: the registry's Prometheus text. */
        public Builder metrics(PrometheusMeterRegistry registry) {
            Objects.requireNonNull(registry, "registry");
            return handle("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT,
                    registry.scrape().getBytes(StandardCharsets.UTF_8)));
        }

        /** A read-only page or JSON view under {@code path}. */
        public Builder handle(String path, HttpHandler handler) {
            handlers.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** A read-only JSON view under {@code path}, rendered on each request. */
        public Builder json(String path, Supplier<byte[]> body) {
            return handle(path, exchange -> respond(exchange, 200, "application/json; charset=utf-8", body.get()));
        }

        public AdminServer build() {
            return new AdminServer(this);
        }
    }
}
