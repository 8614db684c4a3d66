package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark conversion module on a real local Spark (PySpark's spark-submit,
 * master {@code local[1]}), with Org3's example job. One real Spark job: Spark is
 * slow to start, the suite keeps its share small.
 */
@DisplayName("S1.7/S1.9 Spark conversion module: a subtask as a spark-submit job, status pulled, output converted")
class SparkModuleTest {
    @TempDir Path dir;

    /** $WEFT_SPARK_HOME (set by ./test-network.sh test), else the cached PySpark the test command installs. */
    static Path sparkHome() throws Exception {
        String env = System.getenv("WEFT_SPARK_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path lib = Path.of(System.getProperty("user.home"), ".cache", "weft", "pyspark-4.0.1", "lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> pythons = Files.list(lib)) {
                for (Path python : pythons.toList()) {
                    Path home = python.resolve("site-packages").resolve("pyspark");
                    if (Files.isExecutable(home.resolve("bin").resolve("spark-submit"))) {
                        return home;
                    }
                }
            }
        }
        throw new IllegalStateException("Spark not found: run ./test-network.sh test (it installs PySpark once into "
                + "~/.cache/weft/pyspark-4.0.1) or set WEFT_SPARK_HOME to a Spark home");
    }

    static Path python(Path sparkHome) {
        String env = System.getenv("WEFT_SPARK_PYTHON");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        // <venv>/lib/pythonX.Y/site-packages/pyspark -> <venv>/bin/python
        return sparkHome.getParent().getParent().getParent().getParent().resolve("bin").resolve("python");
    }

    static Path examples() {
        return Path.of(System.getProperty("weft.repo", "..")).resolve("examples/engines/spark").toAbsolutePath();
    }

    /** Org3's example job on local[1]. */
    private String section() throws Exception {
        Path home = sparkHome();
        Path examples = examples();
        return """
                {"sparkHome": "%s", "python": "%s", "master": "local[1]",
                 "conf": {"spark.sql.shuffle.partitions": "1"},
                 "jobs": {"spark-sum": {"app": "%s", "args": ["%s"], "shape": "sum"}},
                 "workDir": "%s", "pollInterval": "PT0.2S"}
                """.formatted(home, python(home), examples.resolve("sales_total.py"), examples.resolve("sales.csv"),
                dir.resolve("work"));
    }

    private static java.util.Optional<ProcessHandle> descendant(ProcessHandle root, String commandPart) {
        return root.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(commandPart)).orElse(false)).findFirst();
    }

    @Test
    @DisplayName("S0.9 S1.7 the Spark driver killed mid-job (kill -9) is a unit fault SPARK_JOB_FAILED, not a result, "
            + "so the scheduler moves the subtask on")
    void driverKilledMidJobIsUnitFault() throws Exception {
        try (TestModuleContext context = new TestModuleContext("spark", List.of("spark-sum"), section(), dir);
             EngineFramework framework = EngineFramework.builder().name("Org3MSP").workers(1)
                     .unit(new SparkModule().create(context)).build();
             InProcessEngine engine = InProcessEngine.start(framework, Duration.ofMinutes(10))) {
            ExecuteResponse running = engine.client().execute(request("spark-sum").setTaskId("spark-killed")
                    .setDetach(true).build());
            assertThat(running.getState()).isEqualTo(ExecutionState.RUNNING);
            // mid-job: Spark's driver JVM has started the Python job
            // the job is looked for under the driver: the spark-submit script names the job in its command line
            // too, for the moment before it becomes the driver's JVM
            java.util.Optional<ProcessHandle> driver = java.util.Optional.empty();
            java.util.Optional<ProcessHandle> job = java.util.Optional.empty();
            for (int i = 0; i < 1200 && job.isEmpty(); i++) {
                driver = descendant(ProcessHandle.current(), "org.apache.spark.deploy.SparkSubmit");
                job = driver.flatMap(d -> descendant(d, "sales_total.py"))
                        .filter(p -> p.info().command().map(c -> !c.endsWith("java")).orElse(false));
                if (job.isEmpty()) {
                    Thread.sleep(100);
                }
            }
            assertThat(job).as("the Python job of the Spark driver runs").isPresent();
            assertThat(driver.orElseThrow().destroyForcibly()).isTrue();

            ExecuteResponse after = running;
            for (int i = 0; i < 1200 && after.getState() == ExecutionState.RUNNING; i++) {
                Thread.sleep(100);
                after = engine.client().queryResult("spark-killed", "s1", 1);
            }
            job.get().destroyForcibly(); // the orphaned Python side, if it outlived its driver
            assertThat(after.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(after.getUnitFault()).as(after.getError()).isTrue();
            assertThat(after.getError()).contains("SPARK_JOB_FAILED");
            assertThat(after.getValue().isEmpty()).as("no result").isTrue();
        }
    }

    @Test
    @DisplayName("S1.7 one real Spark job: the request reaches the job as a file, its status is polled without a "
            + "waiting thread, its JSON output becomes a mergeable sum; a refused request is the task's failure")
    void runsOneJob() throws Exception {
        String section = section();
        try (TestModuleContext context = new TestModuleContext("spark", List.of("spark-sum"), section, dir);
             EngineFramework framework = EngineFramework.builder().name("Org3MSP").workers(1)
                     .unit(new SparkModule().create(context)).build();
             InProcessEngine engine = InProcessEngine.start(framework, Duration.ofMinutes(10))) {
            // detached: the caller pulls (S1.9); the one worker is free while Spark runs
            ExecuteResponse running = engine.client().execute(request("spark-sum").setTaskId("spark-1")
                    .putParameters("region", "north").setDetach(true).build());
            assertThat(running.getState()).isEqualTo(ExecutionState.RUNNING);
            ExecuteResponse refused = engine.client().execute(request("spark-sum").setTaskId("spark-2")
                    .putParameters("region", "atlantis").build());
            assertThat(refused.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(refused.getUnitFault()).isFalse();
            assertThat(refused.getError()).startsWith("UNKNOWN_REGION:");

            ExecuteResponse done = engine.client().execute(request("spark-sum").setTaskId("spark-1")
                    .putParameters("region", "north").setSendMode(dev.weft.proto.engine.v1.SendMode.RESEND).build());
            assertThat(done.getState()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(done.getValue().toStringUtf8())
                    .isEqualTo("{\"count\":1,\"operation\":\"sum\",\"sum\":325,\"value\":325}");
            assertThat(done.getRuns()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("S1.7 result conversion: Spark's JSON lines (nulls left out) become columns and rows")
    void convertsJsonLines() throws Exception {
        var rows = List.of(EngineJson.parse("{\"region\":\"north\",\"total\":5}".getBytes(), "row"),
                EngineJson.parse("{\"region\":\"west\"}".getBytes(), "row"));
        assertThat(new String(EngineJson.canonical(SparkUnit.rowsTable(rows))))
                .isEqualTo("{\"columns\":[\"region\",\"total\"],\"rows\":[[\"north\",5],[\"west\",null]]}");
    }
}
