package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a subtask as a Spark job (issue 13 item 3, S1.7 local or remote, S1.9 pull).
 *
 * <p><b>Request conversion.</b> The standard request (operation, parameters,
 * prefetched inputs, S1.8) is written as {@code request.json} into a fresh work
 * folder; the job is {@code spark-submit --master <master> [--conf …] <app>
 * <request.json> <output-dir> <the organisation's args…>}. Everything the chain
 * sends reaches the job only inside {@code request.json}, never as an argument
 * or through a shell; the program, master and arguments are the organisation's
 * configuration.
 *
 * <p><b>Status, pulled.</b> The unit is asynchronous: it starts {@code spark-submit}
 * with output to a log file (no pipe, so no reader thread) and gives its worker
 * back; a shared scheduler polls the job every {@code pollInterval}, so a waiting
 * job holds no thread of the engine's. The job has succeeded when the driver
 * exited 0 and Spark wrote its {@code _SUCCESS} marker.
 *
 * <p><b>Result conversion.</b> The job writes its rows with
 * {@code df.write.json(output)}; the unit reads every {@code part-*} file (JSON
 * lines, in file-name order) and turns the rows into a standard result:
 * {@code {"columns":[…],"rows":[…]}} or an aggregate of the first column
 * ({@link RowsShape}). A job that finds its input wrong writes
 * {@code failure.json} ({@code {"code":"BAD_REGION","message":"…"}}) and exits
 * non-zero: the task's failure. Any other non-zero exit, a missing marker or an
 * unreadable output is a unit fault (S0.9). On cancel or timeout the whole
 * process tree is killed. The driver's log stays in the work folder and the
 * engine's log, never on chain.
 */
final class SparkUnit implements ComputeUnit {
    private static final Logger LOG = LoggerFactory.getLogger(SparkUnit.class);

    record JobSpec(String operation, Path app, List<String> args, String mainClass, RowsShape shape) {
    }

    record Settings(String name, Path sparkHome, Path submit, Path python, String master, Map<String, String> conf,
            Map<String, JobSpec> jobs, Path workDir, Duration pollInterval, long maxResultBytes) {
        Settings {
            Objects.requireNonNull(name, "name");
            jobs = Map.copyOf(jobs);
            conf = Map.copyOf(conf);
        }
    }

    private final Settings settings;
    private final ScheduledExecutorService scheduler;

    SparkUnit(Settings settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Set<String> operations() {
        return settings.jobs().keySet();
    }

    @Override
    public void start(UnitRequest request, UnitCompletion completion) throws Exception {
        JobSpec job = settings.jobs().get(request.operation());
        if (job == null) {
            throw UnitException.coded("UNKNOWN_OPERATION", "module %s has no job for operation '%s'", settings.name(),
                    request.operation());
        }
        Files.createDirectories(settings.workDir());
        Path work = Files.createTempDirectory(settings.workDir(), "job-");
        Path requestFile = work.resolve("request.json");
        Files.write(requestFile, EngineJson.canonical(requestJson(request)));
        Path output = work.resolve("output");
        List<String> command = new ArrayList<>(List.of(settings.submit().toString(), "--master", settings.master(),
                "--name", "weft-" + settings.name() + "-" + UUID.randomUUID()));
        // the driver talks on loopback unless the organisation's conf says otherwise
        Map<String, String> conf = new java.util.TreeMap<>(Map.of("spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1"));
        conf.putAll(settings.conf());
        conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
        if (job.mainClass() != null) {
            command.addAll(List.of("--class", job.mainClass()));
        }
        command.add(job.app().toString());
        command.add(requestFile.toString());
        command.add(output.toString());
        command.addAll(job.args());
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("driver.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        builder.environment().put("SPARK_HOME", settings.sparkHome().toString());
        builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        if (settings.python() != null) {
            builder.environment().put("PYSPARK_PYTHON", settings.python().toString());
            builder.environment().put("PYSPARK_DRIVER_PYTHON", settings.python().toString());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UnitFault("ENGINE_UNREACHABLE", "spark-submit of " + settings.name() + " cannot start", e);
        }
        LOG.info("{}: spark job for {} started (pid {}, work folder {})", settings.name(), request.executionId(),
                process.pid(), work);
        completion.onCancel(() -> {
            if (process.isAlive()) {
                LOG.warn("{}: cancelling the spark job of {} (pid {})", settings.name(), request.executionId(),
                        process.pid());
                killTree(process);
            }
        });
        poll(request, job, process, work, output, completion);
    }

    private void poll(UnitRequest request, JobSpec job, Process process, Path work, Path output,
            UnitCompletion completion) {
        if (completion.isDone()) {
            killTree(process);
            return;
        }
        if (process.isAlive()) {
            scheduler.schedule(() -> poll(request, job, process, work, output, completion),
                    settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        int exit = process.exitValue();
        try {
            byte[] result = finished(request, job, exit, work, output);
            completion.succeed(result);
            deleteQuietly(work);
        } catch (UnitException | UnitFault e) {
            LOG.info("{}: spark job of {} ended: {}", settings.name(), request.executionId(), e.getMessage());
            completion.complete(e);
        } catch (IOException | RuntimeException e) {
            completion.fault("RESULT_UNREADABLE", e);
        }
    }

    private byte[] finished(UnitRequest request, JobSpec job, int exit, Path work, Path output)
            throws IOException, UnitException, UnitFault {
        if (exit != 0) {
            Path failure = work.resolve("failure.json");
            if (Files.isRegularFile(failure) && Files.size(failure) < 4096) {
                JsonNode f = EngineJson.parse(Files.readAllBytes(failure), "failure.json");
                String code = f.path("code").asText("JOB_FAILED");
                if (code.matches("[A-Z][A-Z0-9_]{1,63}")) {
                    throw UnitException.coded(code, "%s", f.path("message").asText("the job refused its input"));
                }
            }
            LOG.warn("{}: spark job of {} exited {}; its log: {}", settings.name(), request.executionId(), exit,
                    tail(work.resolve("driver.log")));
            throw new UnitFault("SPARK_JOB_FAILED", "the spark job exited " + exit);
        }
        if (!Files.exists(output.resolve("_SUCCESS"))) {
            throw new UnitFault("SPARK_NO_OUTPUT", "the spark job exited 0 but wrote no _SUCCESS marker");
        }
        List<JsonNode> rows = readRows(output);
        ObjectNode table = rowsTable(rows);
        if (job.shape() == RowsShape.ROWS) {
            return EngineJson.canonical(table);
        }
        return job.shape().aggregate(RowsShape.firstColumn(table, "column 1 of job " + job.operation()));
    }

    private List<JsonNode> readRows(Path output) throws IOException, UnitException {
        List<Path> parts;
        try (Stream<Path> files = Files.list(output)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        long total = 0;
        List<JsonNode> rows = new ArrayList<>();
        for (Path part : parts) {
            total += Files.size(part);
            if (total > settings.maxResultBytes()) {
                throw UnitException.coded("RESULT_TOO_LARGE", "the job's output is larger than %d bytes",
                        settings.maxResultBytes());
            }
            for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    rows.add(EngineJson.parse(line.getBytes(StandardCharsets.UTF_8), "a row of the job's output"));
                }
            }
        }
        return rows;
    }

    /** JSON-lines rows (objects in the schema's column order) as columns and rows. */
    static ObjectNode rowsTable(List<JsonNode> rows) {
        ObjectNode table = EngineJson.NODES.objectNode();
        ArrayNode columns = table.putArray("columns");
        List<String> names = new ArrayList<>();
        for (JsonNode row : rows) {
            row.fieldNames().forEachRemaining(n -> {
                if (!names.contains(n)) {
                    names.add(n);
                }
            });
        }
        names.forEach(n -> columns.add(n.toLowerCase(java.util.Locale.ROOT)));
        ArrayNode data = table.putArray("rows");
        for (JsonNode row : rows) {
            ArrayNode out = data.addArray();
            // Spark leaves out null fields: they are nulls here
            names.forEach(n -> out.add(row.has(n) ? row.get(n) : EngineJson.NODES.nullNode()));
        }
        return table;
    }

    private static ObjectNode requestJson(UnitRequest request) {
        ObjectNode root = EngineJson.NODES.objectNode();
        root.put("task", request.taskId());
        root.put("subtask", request.subtaskId());
        root.put("attempt", request.attempt());
        root.put("operation", request.operation());
        ObjectNode params = root.putObject("parameters");
        request.parameters().forEach(params::put);
        ObjectNode inputs = root.putObject("inputs");
        for (UnitRequest.NamedInput input : request.inputs()) {
            inputs.put(input.name(), input.text());
        }
        return root;
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
