package dev.weft.gateway.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests and `weft bench engines`: its own cluster ({@code initdb}) in a
 * folder, on a free loopback port, started and stopped with {@code pg_ctl}. Run as
 * root, it runs the server as the {@code postgres} user, since PostgreSQL refuses root.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String INSTALL_HINT = "install the PostgreSQL server binaries (Debian/Ubuntu: "
            + "apt-get install -y postgresql), or set PG_BIN to the folder holding initdb and pg_ctl";
    private static final String SUPERUSER = "weft";

    private final Path bin;
    private final Path dir;
    private final boolean asPostgresUser;
    private final int port;

    private PostgresCluster(Path bin, Path dir, boolean asPostgresUser, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    /** Creates and starts a cluster under {@code root}; fails with an install hint if PostgreSQL is missing. */
    public static PostgresCluster start(Path root) throws IOException, InterruptedException {
        Path bin = findBinaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server not found for the store tests: " + INSTALL_HINT));
        boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createDirectories(root.resolve("cluster"));
        if (asPostgresUser) {
            UserPrincipal postgres;
            try {
                postgres = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            } catch (IOException e) {
                throw new IllegalStateException("running as root, the PostgreSQL tests need the 'postgres' user "
                        + "(created by the postgresql package): " + INSTALL_HINT, e);
            }
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setOwner(dir, postgres);
        }
        PostgresCluster cluster = new PostgresCluster(bin, dir, asPostgresUser, freePort());
        cluster.run("initdb", "-D", cluster.data(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-sync");
        // A test server: durability of PostgreSQL itself is not under test, speed is welcome.
        cluster.run("pg_ctl", "-D", cluster.data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + cluster.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                "start");
        return cluster;
    }

    /** A JDBC URL for the cluster's {@code postgres} database, with {@code schema} as the current schema. */
    public String url(String schema) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + SUPERUSER + "&currentSchema=" + schema;
    }

    /** The {@code postgres} database's URL without a user: tests that connect as their own roles. */
    public String databaseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The superuser's URL of the {@code postgres} database. */
    public String superuserUrl() {
        return url("public");
    }

    public void createSchema(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("public"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data(), "-w", "-t", "60", "-m", "fast", "stop");
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("weft-pg-" + tool, ".log");
        try {
            // Output to a file, never a pipe: the server started by pg_ctl would hold a pipe open.
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(tool + " timed out: " + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                Path serverLog = dir.resolve("server.log");
                throw new IllegalStateException(tool + " failed (" + process.exitValue() + "): "
                        + Files.readString(output)
                        + (Files.exists(serverLog) ? "\nserver log:\n" + Files.readString(serverLog) : ""));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** $PG_BIN, else the newest /usr/lib/postgresql/N/bin (Debian, Ubuntu), else the PATH. */
    private static Optional<Path> findBinaries() throws IOException {
        List<Path> candidates = new ArrayList<>();
        String pgBin = System.getenv("PG_BIN");
        if (pgBin != null && !pgBin.isBlank()) {
            candidates.add(Path.of(pgBin));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString()))
                                .reversed())
                        .forEach(v -> candidates.add(v.resolve("bin")));
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isBlank()) {
                candidates.add(Path.of(entry));
            }
        }
        return candidates.stream()
                .filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl")))
                .findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
