package dev.weft.gateway.engine.callback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.weft.engine.api.Callbacks;
import dev.weft.engine.api.UnitRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard engine's HTTPS endpoint for pushed results (S1.9 push). Each
 * execution that waits for a push has one expected callback at
 * {@code POST /v1/callbacks/<task>/<subtask>/<attempt>}, which accepts one body
 * with {@code Authorization: Bearer <token>}, the single-use token bound to that
 * (task, subtask, attempt). Answers: 204 taken; 401 no token; 403 a token that
 * is not this execution's (forged, or another execution's); 409 a second
 * callback after one was taken (duplicate); 410 a callback after the wait ended
 * (late: expired, or the result came by pull); 413 a body over the limit; 400 a
 * body the unit cannot read (the token stays valid). Mutual TLS by default.
 *
 * <pre>{@code
 * try (CallbackServer server = CallbackServer.start(CallbackServer.Options.tls("127.0.0.1", 0, ctx, true))) {
 *     Callbacks.Expected e = server.expect(request, Duration.ofMinutes(5), body -> completion.succeed(body));
 * }
 * }</pre>
 */
public final class CallbackServer implements Callbacks, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackServer.class);
    static final String PATH = "/v1/callbacks/";

    /** How the endpoint listens. {@code url} may be null: {@code https://<bind>:<port>}. */
    public record Options(String bind, int port, String url, SSLContext ssl, boolean clientAuth, int maxBodyBytes) {
        public static Options tls(String bind, int port, SSLContext ssl, boolean clientAuth) {
            return new Options(bind, port, null, ssl, clientAuth, 4 * 1024 * 1024);
        }

        public Options withUrl(String advertised) {
            return new Options(bind, port, advertised, ssl, clientAuth, maxBodyBytes);
        }
    }

    /** Why callbacks were refused, counted (tests, bench, health). */
    public enum Verdict { TAKEN, NO_TOKEN, FORGED, DUPLICATE, LATE, TOO_LARGE, UNREADABLE, NOT_FOUND }

    private final HttpsServer server;
    private final ExecutorService threads;
    private final Options options;
    private final URI base;
    private final Clock clock;
    private final Waiting waiting;
    private final Map<Verdict, AtomicInteger> verdicts = new ConcurrentHashMap<>();

    private CallbackServer(Options options, Clock clock) throws IOException {
        this.options = options;
        this.clock = clock;
        this.waiting = new Waiting(clock);
        this.server = HttpsServer.create(new InetSocketAddress(options.bind(), options.port()), 128);
        server.setHttpsConfigurator(new HttpsConfigurator(options.ssl()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(options.clientAuth());
                params.setSSLParameters(p);
            }
        });
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "weft-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(PATH, this::handle);
        server.start();
        String url = options.url() != null ? options.url()
                : "https://" + options.bind() + ":" + server.getAddress().getPort();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public static CallbackServer start(Options options) {
        return start(options, Clock.systemUTC());
    }

    public static CallbackServer start(Options options, Clock clock) {
        try {
            CallbackServer s = new CallbackServer(options, clock);
            LOG.info("callback endpoint listening on {} ({})", s.base,
                    options.clientAuth() ? "mutual TLS" : "TLS, token only");
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("callback endpoint cannot listen on " + options.bind() + ":" + options.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUrl() {
        return base;
    }

    @Override
    public Expected expect(UnitRequest request, Duration validFor, Receiver onBody) {
        String path = PATH + Waiting.segment(request.taskId()) + "/" + Waiting.segment(request.subtaskId()) + "/"
                + request.attempt();
        return waiting.register(path, URI.create(base + path), clock.instant().plus(validFor), onBody);
    }

    /** How many callbacks ended with {@code verdict}. */
    public int count(Verdict verdict) {
        AtomicInteger c = verdicts.get(verdict);
        return c == null ? 0 : c.get();
    }

    /** Callbacks expected now. */
    public int waiting() {
        return waiting.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Verdict verdict;
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null;
            byte[] body = readBounded(exchange.getRequestBody(), options.maxBodyBytes());
            verdict = token == null ? Verdict.NO_TOKEN
                    : body == null ? Verdict.TOO_LARGE : waiting.deliver(exchange.getRequestURI().getRawPath(), token, body);
            verdicts.computeIfAbsent(verdict, v -> new AtomicInteger()).incrementAndGet();
            int status = switch (verdict) {
                case TAKEN -> 204;
                case NO_TOKEN -> 401;
                case FORGED -> 403;
                case NOT_FOUND -> 404;
                case DUPLICATE -> 409;
                case LATE -> 410;
                case TOO_LARGE -> 413;
                case UNREADABLE -> 400;
            };
            if (verdict != Verdict.TAKEN) {
                LOG.warn("callback {} refused: {} (from {})", path, verdict, exchange.getRemoteAddress());
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static byte[] readBounded(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? null : body;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
