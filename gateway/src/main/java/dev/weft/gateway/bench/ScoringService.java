package dev.weft.gateway.bench;

import dev.weft.gateway.transport.TlsMaterial;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Python scoring service {@code weft bench engines} runs its http module
 * against: started on a free port with the organisation's TLS material, its knobs
 * (delay, dropped callbacks) set and its counters read over plain HTTP calls that
 * are not measured.
 */
final class ScoringService implements AutoCloseable {
    private final Process python;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    private ScoringService(Process python, String base) {
        this.python = python;
        this.base = base;
    }

    static ScoringService start(Path scripts, TlsMaterial tls) throws Exception {
        Process python = new ProcessBuilder("python3", scripts.resolve("scoring_server.py").toString(), "--port",
                "0", "--cert", tls.certificate().toString(), "--key", tls.privateKey().toString(),
                "--ca", tls.trustedCa().toString()).redirectErrorStream(true).start();
        try {
            return new ScoringService(python, "http://127.0.0.1:" + port(python));
        } catch (Exception | Error e) {
            python.destroyForcibly();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return base;
    }

    /** Sets the service's knobs, e.g. {@code {"delay_ms": 200, "drop_every": 10}}. */
    void control(String json) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "/control")).POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    /** How many push callbacks the service has dropped so far. */
    int dropped() throws Exception {
        String stats = http.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return stats.split("\"dropped\"", -1).length - 1;
    }

    @Override
    public void close() {
        python.destroyForcibly();
    }

    private static int port(Process python) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            throw new IllegalStateException("the Python engine did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException ignored) {
                // ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(line.substring(13).trim());
    }
}
