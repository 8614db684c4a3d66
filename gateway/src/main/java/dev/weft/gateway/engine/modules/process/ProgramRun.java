package dev.weft.gateway.engine.modules.process;

import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.modules.Envelope;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One program run for one execution. The request goes to a file in a private
 * folder (stdin is redirected from it, or its path is in the environment);
 * stdout and stderr go to files of that folder, so no thread reads pipes. A
 * watchdog on the shared scheduler kills the program once its output passes the
 * limit. On cancel or timeout the whole process tree is killed. stderr goes to
 * the engine's log, never into the result or its error.
 */
final class ProgramRun {
    private static final Logger LOG = LoggerFactory.getLogger(ProgramRun.class);
    private static final int STDERR_LOGGED = 8 * 1024;

    private final ProcessUnit unit;
    private final UnitRequest request;
    private final UnitCompletion completion;
    private Path dir;
    private Path out;
    private Path stderr;
    private volatile Process process;
    private volatile ScheduledFuture<?> watchdog;
    private volatile boolean tooLarge;

    ProgramRun(ProcessUnit unit, UnitRequest request, UnitCompletion completion) {
        this.unit = unit;
        this.request = request;
        this.completion = completion;
    }

    void start() throws IOException, UnitFault {
        dir = Files.createTempDirectory("weft-" + unit.name() + "-");
        Path requestFile = Files.write(dir.resolve("request.json"), Envelope.bytes(Envelope.of(request, unit.shape)));
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path stdout = dir.resolve("stdout");
        stderr = dir.resolve("stderr");
        Path resultFile = dir.resolve("result.json");
        out = unit.settings.output().equals("file") ? resultFile : stdout;

        // The command is the organisation's own; the request reaches the program only as data.
        ProcessBuilder pb = new ProcessBuilder(unit.settings.command()).directory(unit.workingDirectory.toFile())
                .redirectInput(unit.settings.input().equals("stdin") ? requestFile.toFile() : empty.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = ProgramEnvironment.isolate(pb, dir);
        env.put("WEFT_REQUEST_FILE", requestFile.toString());
        env.put("WEFT_RESULT_FILE", resultFile.toString());
        env.putAll(unit.environment);
        completion.onCancel(this::killTree);
        try {
            process = pb.start();
        } catch (IOException e) {
            cleanUp();
            throw new UnitFault("ENGINE_UNAVAILABLE", "program " + unit.settings.command().get(0)
                    + " of unit " + unit.name() + " cannot start: " + e.getMessage(), e);
        }
        LOG.debug("{}: {} runs as pid {}", unit.name(), request.executionId(), process.pid());
        watchdog = unit.scheduler.scheduleAtFixedRate(this::checkOutput, 100, 100, TimeUnit.MILLISECONDS);
        process.onExit().whenComplete((p, e) -> exited());
    }

    private void checkOutput() {
        try {
            long size = Math.max(sizeOf(out), sizeOf(dir.resolve("stdout")));
            if (size > unit.settings.maxOutputBytes() && !tooLarge) {
                tooLarge = true;
                LOG.warn("{}: {} wrote more than {} bytes; killing it", unit.name(), request.executionId(),
                        unit.settings.maxOutputBytes());
                killTree();
            }
        } catch (RuntimeException e) {
            LOG.debug("{}: output check failed: {}", unit.name(), e.toString());
        }
    }

    private void exited() {
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
        try {
            int exit = process.exitValue();
            logStderr(exit);
            if (completion.isDone()) {
                return; // cancelled or timed out: the framework has ended it
            }
            if (tooLarge) {
                completion.fail(UnitException.coded("OUTPUT_TOO_LARGE", "program of unit %s wrote more than %d bytes",
                        unit.name(), unit.settings.maxOutputBytes()));
            } else if (exit == 0) {
                byte[] output = readBounded(out);
                if (output == null) {
                    completion.fail(UnitException.coded("OUTPUT_TOO_LARGE", "program of unit %s wrote more than %d bytes",
                            unit.name(), unit.settings.maxOutputBytes()));
                } else {
                    completion.succeed(unit.result.result(output, unit.name()));
                }
            } else if (unit.settings.rejectExitCodes().contains(exit)) {
                completion.fail(UnitException.coded("PROGRAM_REJECTED", "program of unit %s refused the input (exit %d)",
                        unit.name(), exit));
            } else if (exit > 128) {
                completion.complete(new UnitFault("ENGINE_DIED", "program of unit " + unit.name()
                        + " was killed by signal " + (exit - 128)));
            } else {
                completion.complete(new UnitFault("PROGRAM_FAILED", "program of unit " + unit.name()
                        + " exited with " + exit));
            }
        } catch (UnitException e) {
            completion.fail(e);
        } catch (IOException | RuntimeException e) {
            completion.complete(new UnitFault("UNIT_FAILED", "unit " + unit.name() + " cannot read the output: " + e, e));
        } finally {
            cleanUp();
        }
    }

    /** The program and every process it started, forcibly. */
    void killTree() {
        Process p = process;
        if (p == null) {
            return;
        }
        for (int round = 0; round < 2; round++) {
            List<ProcessHandle> tree = p.descendants().toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private void logStderr(int exit) {
        try {
            long size = sizeOf(stderr);
            if (size == 0) {
                return;
            }
            byte[] tail;
            try (InputStream in = Files.newInputStream(stderr)) {
                in.skip(Math.max(0, size - STDERR_LOGGED));
                tail = in.readAllBytes();
            }
            LOG.info("{}: {} exited {}; stderr{}:\n{}", unit.name(), request.executionId(), exit,
                    size > STDERR_LOGGED ? " (last " + STDERR_LOGGED + " bytes)" : "",
                    new String(tail, StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("{}: stderr unreadable: {}", unit.name(), e.toString());
        }
    }

    private byte[] readBounded(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("the program wrote no " + file.getFileName());
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(unit.settings.maxOutputBytes() + 1);
            return bytes.length > unit.settings.maxOutputBytes() ? null : bytes;
        }
    }

    private static long sizeOf(Path file) {
        File f = file.toFile();
        return f.exists() ? f.length() : 0;
    }

    private void cleanUp() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.debug("{}: cannot remove {}: {}", unit.name(), dir, e.toString());
        }
    }
}
