package dev.weft.gateway.engine.modules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real Python scoring service of the tests (resources/engines/scoring_server.py) as a process. */
public final class PythonEngine implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PythonEngine(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A script of the test resources' {@code engines/} folder. */
    public static Path script(String name) {
        try {
            return Path.of(PythonEngine.class.getResource("/engines/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the scoring service; {@code args} as its command line after {@code --port 0}. */
    public static PythonEngine start(String... args) throws Exception {
        return run("scoring_server.py", args);
    }

    /** Starts the service {@code script} of the test resources' {@code engines/}, with {@code --port 0} and {@code args}. */
    public static PythonEngine run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", script(script).toString(), "--port", "0"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "python-engine-out");
        drain.setDaemon(true);
        drain.start();
        return new PythonEngine(p, Integer.parseInt(line.substring("listening on ".length()).trim()));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public void control(String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/control")))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("control refused: " + r.body());
        }
    }

    public JsonNode stats() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url("/stats"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The HTTP statuses the service got back for its callbacks, in order (or "dropped"). */
    public List<String> callbackStatuses() throws Exception {
        List<String> statuses = new ArrayList<>();
        stats().path("callbacks").forEach(c -> statuses.add(c.get(1).asText()));
        return statuses;
    }

    /** kill -9: the engine dies mid-job. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
