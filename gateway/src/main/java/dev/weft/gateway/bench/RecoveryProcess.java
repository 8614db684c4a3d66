package dev.weft.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code weft} command in a JVM of its own, on the classpath of this one, its
 * output in a log file of its name: the gateways and engines that crash tests and
 * {@code weft bench recovery} start, {@code kill -9}, pause and stop. Fault
 * injection ({@code WEFT_CRASH_POINT}, {@code WEFT_CRASH_AFTER}) is passed only
 * when asked for, never inherited.
 *
 * <pre>{@code
 * try (RecoveryProcess engine = RecoveryProcess.engine("org1", dir.resolve("engine"), 16, logs)) {
 *     RecoveryProcess gateway = RecoveryProcess.gateway("org1", List.of(engine.endpoint()), data, 16,
 *             Map.of("WEFT_CRASH_POINT", "EXECUTING"), List.of(), logs);
 *     gateway.awaitLog("WEFT CRASH POINT EXECUTING reached", Duration.ofMinutes(2));
 *     int status = gateway.kill();   // 137: SIGKILL
 * }
 * }</pre>
 */
public final class RecoveryProcess implements AutoCloseable {
    /** The exit status of a process ended by SIGKILL. */
    public static final int SIGKILL_STATUS = 128 + 9;
    private static final Pattern PORT = Pattern.compile("listening on port (\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    private volatile String endpoint;

    private RecoveryProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code weft <args>}; {@code env} adds to (and may arm faults in) the inherited environment. */
    public static RecoveryProcess start(String name, Path logDir, Map<String, String> env, List<String> args) {
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-XX:+UseSerialGC",
                // Times in the log, so a run's sequence of keepalives, takeovers and results can be read back.
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "dev.weft.gateway.cli.Weft"));
        command.addAll(args);
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().remove("WEFT_CRASH_POINT");
            builder.environment().remove("WEFT_CRASH_AFTER");
            builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            builder.environment().putAll(env);
            return new RecoveryProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** A standard engine of {@code profile} on a free loopback port (TLS), ready when this returns. */
    public static RecoveryProcess engine(String name, String profile, Path data, int workers, Path logDir) {
        return engine(name, profile, data, workers, logDir, List.of());
    }

    /** As {@link #engine(String, String, Path, int, Path)}, with more {@code engine serve} options. */
    public static RecoveryProcess engine(String name, String profile, Path data, int workers, Path logDir,
            List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of("engine", "serve", "--profile", profile, "--bind", "127.0.0.1",
                "--port", "0", "--data", data.toString(), "--workers", Integer.toString(workers)));
        args.addAll(extraArgs);
        RecoveryProcess engine = start(name, logDir, Map.of(), args);
        try {
            Matcher port = PORT.matcher(engine.awaitLog("listening on port", Duration.ofMinutes(2)));
            if (!port.find()) {
                throw new IllegalStateException(name + " did not say its port");
            }
            engine.endpoint = "127.0.0.1:" + port.group(1);
            return engine;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** A gateway of {@code profile} dispatching to {@code engines}, ready when this returns (unless it crashes first). */
    public static RecoveryProcess gateway(String name, String profile, List<String> engines, Path data, int workers,
            Map<String, String> env, List<String> extraArgs, Path logDir) {
        RecoveryProcess gateway = launchGateway(name, profile, engines, data, workers, env, extraArgs, logDir);
        try {
            // A JVM start on a loaded machine: two minutes were not always enough.
            gateway.awaitLog("running; data in", Duration.ofMinutes(5));
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    /** A gateway of {@code profile} dispatching to {@code engines}, started but not waited for. */
    public static RecoveryProcess launchGateway(String name, String profile, List<String> engines, Path data,
            int workers, Map<String, String> env, List<String> extraArgs, Path logDir) {
        List<String> args = new ArrayList<>(List.of("gateway", "run", "--profile", profile, "--data",
                data.toString(), "--workers", Integer.toString(workers)));
        engines.forEach(e -> args.addAll(List.of("--engine", e)));
        args.addAll(extraArgs);
        return start(name, logDir, env, args);
    }

    /** Lines of the log so far that contain {@code text}. */
    public long countLog(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code 127.0.0.1:port} of an engine. */
    public String endpoint() {
        return endpoint;
    }

    /** Everything the process has written so far. */
    public String log() {
        try {
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the log has a line containing {@code text} and returns that line.
     *
     * @throws IllegalStateException if the process ends or time runs out first (with the log's tail)
     */
    public String awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String all = log();
            int at = all.indexOf(text);
            if (at >= 0) {
                int start = all.lastIndexOf('\n', at) + 1;
                int end = all.indexOf('\n', at);
                return all.substring(start, end < 0 ? all.length() : end);
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + (process.isAlive() ? " did not log '" : " ended before logging '")
                        + text + "'; last lines:\n" + tail(all, 30));
            }
            sleep(100);
        }
    }

    /** SIGKILL ({@code kill -9}); returns the exit status, {@link #SIGKILL_STATUS} when it was still running. */
    public int kill() {
        process.toHandle().destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL if it has not ended within 20 s; returns the exit status. */
    public int stop() {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                return kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return kill();
        }
        return process.exitValue();
    }

    /** SIGSTOP: the process stops running (its sockets stay open) until {@link #resume()}. */
    public void pause() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("-CONT");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly(); // SIGKILL ends a paused process as well
            awaitExit(Duration.ofSeconds(30));
        }
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not end within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
