package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.ConversionModule;
import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.ModuleContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversion module {@code spark}: a subtask runs as a Spark job, submitted with
 * {@code spark-submit} against the organisation's master URL ({@link SparkUnit}).
 *
 * <pre>
 * engines:
 *   - name: spark
 *     module: spark
 *     operations: [spark-sum]
 *     timeout: 10m
 *     spark:
 *       sparkHome: /opt/spark                # its bin/spark-submit; default $SPARK_HOME
 *       python: /opt/venv/bin/python         # PYSPARK_PYTHON for Python jobs (optional)
 *       master: spark://spark-master.org3.internal:7077     # local[2] on one machine
 *       conf: {spark.executor.memory: 2g}
 *       jobs:
 *         spark-sum: {app: jobs/sales_total.py, args: [data/sales.csv], shape: sum}
 *       workDir: .run/spark
 *       pollInterval: 500ms
 *       maxResultBytes: 16777216
 * </pre>
 */
public final class SparkModule implements ConversionModule {

    /** The {@code spark:} section. */
    public record Settings(String sparkHome, String python, String master, Map<String, String> conf,
            Map<String, Job> jobs, String workDir, Duration pollInterval, Long maxResultBytes) {
    }

    /**
     * One operation's job: the application (a Python file or a jar), the
     * organisation's own fixed arguments, and how its output rows become the
     * result ({@link RowsShape}).
     */
    public record Job(String app, List<String> args, String mainClass, String shape) {
    }

    @Override
    public String type() {
        return "spark";
    }

    @Override
    public ComputeUnit create(ModuleContext context) {
        return new SparkUnit(settings(context), context.scheduler());
    }

    static SparkUnit.Settings settings(ModuleContext context) {
        String where = "engines." + context.unitName() + ".spark";
        Settings s = context.settings(Settings.class);
        Path base = context.baseDirectory();
        String home = s.sparkHome() != null ? base.resolve(s.sparkHome()).toString() : System.getenv("SPARK_HOME");
        if (home == null) {
            throw new ModuleConfigException(where + ": 'sparkHome' is required when SPARK_HOME is not set");
        }
        Path submit = Path.of(home).resolve("bin").resolve("spark-submit");
        if (!Files.isExecutable(submit)) {
            throw new ModuleConfigException(where + ": " + submit + " is not an executable spark-submit");
        }
        if (s.master() == null || s.master().isBlank()) {
            throw new ModuleConfigException(where + ": 'master' is required (local[2], spark://host:7077, …)");
        }
        Map<String, SparkUnit.JobSpec> jobs = new LinkedHashMap<>();
        Map<String, Job> configured = s.jobs() == null ? Map.of() : s.jobs();
        for (String operation : context.operations()) {
            Job job = configured.get(operation);
            if (job == null || job.app() == null) {
                throw new ModuleConfigException(where + ".jobs." + operation + ": every operation needs a job "
                        + "with an 'app'");
            }
            Path app = base.resolve(job.app()).normalize();
            if (!Files.isReadable(app)) {
                throw new ModuleConfigException(where + ".jobs." + operation + ".app: " + app + " is not readable");
            }
            RowsShape shape;
            try {
                shape = RowsShape.parse(job.shape() == null ? "rows" : job.shape());
            } catch (IllegalArgumentException e) {
                throw new ModuleConfigException(where + ".jobs." + operation + ": " + e.getMessage());
            }
            List<String> args = job.args() == null ? List.of()
                    : job.args().stream().map(a -> a.startsWith("/") || a.contains("://") ? a
                            : Files.exists(base.resolve(a)) ? base.resolve(a).normalize().toString() : a).toList();
            jobs.put(operation, new SparkUnit.JobSpec(operation, app, args, job.mainClass(), shape));
        }
        for (String name : configured.keySet()) {
            if (!context.operations().contains(name)) {
                throw new ModuleConfigException(where + ".jobs: '" + name + "' is not one of the entry's operations");
            }
        }
        Duration poll = s.pollInterval() == null ? Duration.ofMillis(500) : s.pollInterval();
        if (poll.toMillis() < 50 || poll.toMillis() > 60_000) {
            throw new ModuleConfigException(where + ".pollInterval: 50ms..60s");
        }
        long maxBytes = s.maxResultBytes() == null ? 16L << 20 : s.maxResultBytes();
        if (maxBytes < 1 || maxBytes > 256L << 20) {
            throw new ModuleConfigException(where + ".maxResultBytes: 1..268435456");
        }
        Path work = s.workDir() != null ? base.resolve(s.workDir()).normalize() : base.resolve(".run").resolve("spark");
        return new SparkUnit.Settings(context.unitName(), Path.of(home), submit,
                s.python() == null ? null : base.resolve(s.python()).normalize(), s.master(),
                s.conf() == null ? Map.of() : Map.copyOf(s.conf()), jobs, work, poll, maxBytes);
    }
}
