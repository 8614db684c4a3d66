package dev.weft.gateway.it;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Fabric network the integration tests share. The first test class
 * that needs it reuses a network that {@code ./test-network.sh up} already
 * started, or starts one; every class then gets the chaincode deployed
 * (idempotent). A network this extension started is stopped when the test run
 * ends; one it found running is left as it was.
 *
 * <pre>{@code
 * @ExtendWith(RealNetwork.class)
 * class SomethingIT {
 *     @Test void works() { try (ChainClient c = RealNetwork.client("org1", "User1")) { ... } }
 * }
 * }</pre>
 */
public final class RealNetwork implements BeforeAllCallback {
    private static final Object LOCK = new Object();
    private static boolean ready;

    public static Path repo() {
        String fromMaven = System.getProperty("weft.repo");
        Path p = fromMaven != null ? Path.of(fromMaven) : Path.of("..").toAbsolutePath().normalize();
        return Files.isRegularFile(p.resolve("test-network.sh")) ? p : p.getParent();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (LOCK) {
            if (ready) {
                return;
            }
            boolean wasUp = script("status").exitCode() == 0;
            if (!wasUp) {
                script("up").orThrow();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put("weft.network.started", (ExtensionContext.Store.CloseableResource) () -> script("down"));
            }
            script("deploy").orThrow();
            // Tests run their own organisation services; ones a demo left running would compete with them.
            script("services", "stop").orThrow();
            ready = true;
        }
    }

    /** A client of {@code org}'s first peer as {@code user}. */
    public static ChainClient client(String org, String user) {
        return ChainClient.connect(profile(org).connection(user, 0));
    }

    public static Profile profile(String org) {
        return Profile.load(profilePath(org).toString());
    }

    /** The run folder of the shared network: $WEFT_RUN_DIR, else .run in the repository. */
    public static Path runDir() {
        String env = System.getenv("WEFT_RUN_DIR");
        return env == null || env.isBlank() ? repo().resolve(".run") : Path.of(env);
    }

    public static Path profilePath(String org) {
        return runDir().resolve("profiles").resolve(org + ".json");
    }

    /** The environment that {@code ./test-network.sh env ORG} exports, for running the peer CLI. */
    public static Map<String, String> peerEnv(String org) {
        Result r = script("env", org).orThrow();
        Map<String, String> env = new HashMap<>();
        for (String line : r.output().split("\n")) {
            if (!line.startsWith("export ")) {
                continue;
            }
            String kv = line.substring("export ".length());
            int eq = kv.indexOf('=');
            String value = kv.substring(eq + 1);
            if (value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(kv.substring(0, eq), value.replace("$PATH", System.getenv("PATH")));
        }
        return env;
    }

    /** The outcome of a child process. */
    public record Result(List<String> command, int exitCode, String output) {
        public Result orThrow() {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    public static Result script(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(repo().resolve("test-network.sh").toString());
        cmd.addAll(List.of(args));
        return run(cmd, Map.of());
    }

    /**
     * The command with its program looked up on {@code env}'s PATH: the JVM looks
     * a bare name up on its own PATH, which need not hold the Fabric binaries.
     */
    private static List<String> onPath(List<String> cmd, Map<String, String> env) {
        String program = cmd.get(0);
        String path = env.get("PATH");
        if (path == null || program.contains("/")) {
            return cmd;
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                List<String> resolved = new ArrayList<>(cmd);
                resolved.set(0, candidate.toString());
                return resolved;
            }
        }
        return cmd;
    }

    /** Runs a process to completion (10 minutes at most), stdout and stderr merged. */
    public static Result run(List<String> cmd, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(onPath(cmd, env)).directory(repo().toFile())
                    .redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " timed out");
            }
            return new Result(cmd, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
