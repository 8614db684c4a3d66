package dev.weft.gateway.bench;

import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.bench.EnginesBenchmark.Rig;
import dev.weft.gateway.engine.EngineJson;
import dev.weft.gateway.engine.modules.Envelope;
import dev.weft.gateway.engine.modules.http.HttpModule;
import dev.weft.gateway.engine.modules.process.ProgramEnvironment;
import dev.weft.gateway.store.PostgresCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The direct side of {@code weft bench engines}: for each conversion module, the
 * call a caller of that heterogeneous engine makes without Weft, with the same
 * request bytes and the same client settings as the module (http, process, jdbc).
 */
final class EngineRigs {
    private EngineRigs() {
    }

    /**
     * The direct HTTP call: the envelope bytes the module sends, with its headers,
     * on a client of the module's own settings ({@link HttpModule#clientBuilder}),
     * one connection kept open as the module's client keeps its own.
     */
    static Rig http(String base) {
        HttpClient direct = HttpModule.clientBuilder(Duration.ofSeconds(30)).build();
        return new Rig() {
            public String module() {
                return "http";
            }

            public String operation() {
                return "bench-http";
            }

            public Map<String, String> parameters(int i) {
                return Map.of("values", i + ",1.5", "weight", "2");
            }

            public void direct(UnitRequest request) throws Exception {
                byte[] body = Envelope.bytes(Envelope.of(request, Envelope.Shape.ENVELOPE));
                HttpResponse<byte[]> r = direct.sendAsync(HttpRequest.newBuilder(URI.create(base + "/score"))
                        .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                        .header("Content-Type", "application/json").header("X-Weft-Execution", request.executionId())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).join();
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("direct call answered " + r.statusCode());
                }
                EngineJson.parse(r.body(), "the direct answer");
            }
        };
    }

    /**
     * The direct program run: the same program and envelope, the request read
     * from a file on stdin and the answer written to a file, with the same small
     * environment, as the module starts it.
     */
    static Rig process(String program) {
        return new Rig() {
            public String module() {
                return "process";
            }

            public String operation() {
                return "bench-process";
            }

            public Map<String, String> parameters(int i) {
                return Map.of("values", i + ",1.5");
            }

            public void direct(UnitRequest request) throws Exception {
                Path dir = Files.createTempDirectory("weft-bench-direct-");
                try {
                    Path in = Files.write(dir.resolve("request.json"),
                            Envelope.bytes(Envelope.of(request, Envelope.Shape.ENVELOPE)));
                    Path out = dir.resolve("stdout");
                    ProcessBuilder pb = new ProcessBuilder("python3", program).redirectInput(in.toFile())
                            .redirectOutput(out.toFile()).redirectError(dir.resolve("stderr").toFile());
                    ProgramEnvironment.isolate(pb, dir);
                    Process p = pb.start();
                    if (p.onExit().get().exitValue() != 0) {
                        throw new IllegalStateException("direct program run failed");
                    }
                    EngineJson.parse(Files.readAllBytes(out), "the direct program's answer");
                } finally {
                    try (var files = Files.list(dir)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(dir);
                }
            }
        };
    }

    static final String READER = "weft_bench_reader";
    static final String SALES_IN_REGION = "SELECT region, amount FROM sales WHERE region = ? ORDER BY id";
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};

    /** A sales table of 500 rows, a SELECT-only role, its password in a file only the owner reads. */
    static Path salesDatabase(PostgresCluster postgres, Path dir) throws Exception {
        String secret = UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(postgres.superuserUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sales (id INT PRIMARY KEY, region TEXT NOT NULL, amount NUMERIC(12,2) NOT NULL)");
            s.execute("INSERT INTO sales SELECT g, (ARRAY['north','south','east','west','central'])[1 + g % 5],"
                    + " 100 + g FROM generate_series(1, 500) g");
            s.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + secret + "'");
            s.execute("GRANT SELECT ON sales TO " + READER);
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        Path file = dir.resolve("reader.password");
        Files.writeString(file, secret + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /**
     * The direct database call: the same statement and argument on one open
     * connection of the same reader, read-only, in a transaction rolled back, the
     * rows read column by column, as an application of the organisation would.
     */
    static final class Jdbc implements Rig, AutoCloseable {
        private final Connection connection;

        Jdbc(String url, String password) throws Exception {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", READER);
            p.setProperty("password", password);
            p.setProperty("stringtype", "unspecified");
            connection = DriverManager.getConnection(url, p);
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
        }

        public String module() {
            return "jdbc";
        }

        public String operation() {
            return "bench-jdbc";
        }

        public Map<String, String> parameters(int i) {
            return Map.of("arg.1", REGIONS[i % REGIONS.length]);
        }

        public void direct(UnitRequest request) throws Exception {
            try (PreparedStatement s = connection.prepareStatement(SALES_IN_REGION)) {
                s.setString(1, request.parameters().get("arg.1"));
                try (ResultSet rows = s.executeQuery()) {
                    int columns = rows.getMetaData().getColumnCount();
                    int n = 0;
                    while (rows.next()) {
                        for (int c = 1; c <= columns; c++) {
                            rows.getString(c);
                        }
                        n++;
                    }
                    if (n == 0) {
                        throw new IllegalStateException("the direct query found no rows");
                    }
                }
            } finally {
                connection.rollback();
            }
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }
}
