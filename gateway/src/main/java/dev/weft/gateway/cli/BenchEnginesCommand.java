package dev.weft.gateway.cli;

import dev.weft.gateway.bench.EnginesBenchmark;
import dev.weft.gateway.chain.Profile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench engines}: the conversion modules' overhead over calling the
 * heterogeneous engine directly, asynchronous subtasks waiting at once and the
 * threads they hold, completion with 10 % of push callbacks dropped.
 */
@Command(name = "engines", mixinStandardHelpOptions = true,
        description = {"Per conversion module (http, process, jdbc): p50/p99 of a subtask through Weft's standard engine",
            "minus the direct call of the same engine (overhead_p50_ms, overhead_p99_ms); max_waiting asynchronous",
            "subtasks at once and threads_used; completion_rate with every 10th push callback dropped.",
            "Real engines: the Python HTTP service and program of gateway/src/test/resources/engines and a",
            "throwaway PostgreSQL server (initdb/pg_ctl from PG_BIN, /usr/lib/postgresql/N/bin or the PATH)."})
final class BenchEnginesCommand implements Callable<Integer> {
    @Mixin OutputOptions output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", defaultValue = "org1",
            description = "Organisation whose TLS identity the callback endpoint uses (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--calls", defaultValue = "200", description = "Measured calls per module (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--waiting", defaultValue = "1000",
            description = "Asynchronous subtasks started at once (default: ${DEFAULT-VALUE}).")
    int waiting;

    @Option(names = "--dropped", defaultValue = "100",
            description = "Push jobs run with every 10th callback dropped (default: ${DEFAULT-VALUE}).")
    int dropped;

    @Option(names = "--scripts", description = "Folder of scoring_server.py and score_program.py "
            + "(default: $WEFT_HOME/gateway/src/test/resources/engines).")
    Path scripts;

    @Override
    public Integer call() throws Exception {
        String home = System.getenv("WEFT_HOME");
        Path folder = scripts != null ? scripts
                : Path.of(home == null ? "." : home, "gateway", "src", "test", "resources", "engines");
        EnginesBenchmark.Report report = new EnginesBenchmark(new EnginesBenchmark.Settings(folder,
                Profile.load(profile).gatewayTls(), calls, waiting, dropped)).run();
        output.print(spec.commandLine().getOut(), report, report.text());
        return 0;
    }
}
